-- The access policy in the database: the caller's relationship scope on top of the tenant, as in
-- the patient subgraph's 0002. A patient sees the events about their own record only; the ledger
-- writer and the retention purge run with every record of the tenant.
--   audit.event_keys_v1(uuid[])   (id, patient_id) of the tenant's access events among the ids
CREATE FUNCTION audit.event_keys_v1(ids uuid[]) RETURNS TABLE (id uuid, patient_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT e.id, e.patient_id FROM audit.access_event e
        WHERE e.tenant_id = current_setting('app.tenant_id', true) AND e.id = ANY (ids) $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION audit.event_keys_v1(uuid[]) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION audit.event_keys_v1(uuid[]) TO caregraph_audit;--> statement-breakpoint
CREATE POLICY relationship ON audit.access_event AS RESTRICTIVE FOR ALL TO caregraph_audit
  USING (caregraph.row_grant('ledger', 'any')
    OR (caregraph.row_grant('ledger', 'self') AND patient_id = nullif(current_setting('app.patient_id', true), '')::uuid));
