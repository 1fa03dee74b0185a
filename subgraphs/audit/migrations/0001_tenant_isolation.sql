-- Tenant isolation, second line of defence: RLS forced on the ledger, read and appended by
-- the audit subgraph's own non-owner role only.
GRANT USAGE ON SCHEMA audit TO caregraph_audit;--> statement-breakpoint
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA audit TO caregraph_audit;--> statement-breakpoint
ALTER TABLE audit.access_event ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE audit.access_event FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON audit.access_event
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
