-- Tenant isolation, second line of defence: RLS on every table, forced for the owner too,
-- and the subgraph's own non-owner role with access to this schema only.
GRANT USAGE ON SCHEMA prescription TO caregraph_prescription;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA prescription TO caregraph_prescription;--> statement-breakpoint
ALTER TABLE prescription.prescription ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE prescription.prescription FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON prescription.prescription
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));--> statement-breakpoint
ALTER TABLE prescription.medication ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE prescription.medication FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON prescription.medication
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
