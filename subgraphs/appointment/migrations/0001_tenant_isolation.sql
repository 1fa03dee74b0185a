-- Tenant isolation, second line of defence: RLS on every table, forced for the owner too,
-- and the subgraph's own non-owner role with access to this schema only.
GRANT USAGE ON SCHEMA appointment TO caregraph_appointment;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA appointment TO caregraph_appointment;--> statement-breakpoint
-- Other subgraphs may check that an appointment exists and whose it is, nothing more.
GRANT USAGE ON SCHEMA appointment TO caregraph_prescription, caregraph_audit;--> statement-breakpoint
GRANT SELECT (tenant_id, id, patient_id) ON appointment.appointment TO caregraph_prescription, caregraph_audit;--> statement-breakpoint
ALTER TABLE appointment.appointment ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE appointment.appointment FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON appointment.appointment
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));--> statement-breakpoint
ALTER TABLE appointment.clinical_note ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE appointment.clinical_note FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON appointment.clinical_note
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
