-- The ledger is append-only: RLS on checkpoints like on events, SELECT only on checkpoints for
-- the app role, and triggers that refuse UPDATE, DELETE (outside a purge) and TRUNCATE to
-- everyone, the owner included.
GRANT SELECT ON audit.checkpoint TO caregraph_audit;--> statement-breakpoint
ALTER TABLE audit.checkpoint ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE audit.checkpoint FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON audit.checkpoint
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));--> statement-breakpoint
-- The retention purge (run as this owner) lists the tenants that have events; the app role never gets this policy.
CREATE POLICY retention_tenants ON audit.access_event FOR SELECT TO CURRENT_USER
  USING (current_setting('caregraph.audit_purge', true) = 'on');--> statement-breakpoint
CREATE FUNCTION audit.refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'access_event' AND current_setting('caregraph.audit_purge', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit.% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;--> statement-breakpoint
CREATE TRIGGER access_event_append_only BEFORE UPDATE OR DELETE ON audit.access_event
  FOR EACH ROW EXECUTE FUNCTION audit.refuse_ledger_change();--> statement-breakpoint
CREATE TRIGGER access_event_no_truncate BEFORE TRUNCATE ON audit.access_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_ledger_change();--> statement-breakpoint
CREATE TRIGGER checkpoint_append_only BEFORE UPDATE OR DELETE ON audit.checkpoint
  FOR EACH ROW EXECUTE FUNCTION audit.refuse_ledger_change();--> statement-breakpoint
CREATE TRIGGER checkpoint_no_truncate BEFORE TRUNCATE ON audit.checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_ledger_change();
