-- Tenant isolation, second line of defence: RLS on every table, forced for the owner too,
-- and the subgraph's own non-owner role with access to this schema only.
GRANT USAGE ON SCHEMA patient TO caregraph_patient;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA patient TO caregraph_patient;--> statement-breakpoint
-- Other subgraphs may check that an id exists and read care teams, nothing more.
GRANT USAGE ON SCHEMA patient TO caregraph_appointment, caregraph_prescription, caregraph_audit;--> statement-breakpoint
GRANT SELECT (tenant_id, id) ON patient.patient TO caregraph_appointment, caregraph_prescription, caregraph_audit;--> statement-breakpoint
GRANT SELECT (tenant_id, id, role) ON patient.practitioner TO caregraph_appointment, caregraph_prescription, caregraph_audit;--> statement-breakpoint
GRANT SELECT ON patient.care_team TO caregraph_appointment, caregraph_prescription, caregraph_audit;--> statement-breakpoint
ALTER TABLE patient.patient ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE patient.patient FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON patient.patient
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));--> statement-breakpoint
ALTER TABLE patient.practitioner ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE patient.practitioner FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON patient.practitioner
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));--> statement-breakpoint
ALTER TABLE patient.allergy ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE patient.allergy FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON patient.allergy
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));--> statement-breakpoint
ALTER TABLE patient.care_team ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE patient.care_team FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON patient.care_team
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));--> statement-breakpoint
ALTER TABLE patient.mrn_counter ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE patient.mrn_counter FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON patient.mrn_counter
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
