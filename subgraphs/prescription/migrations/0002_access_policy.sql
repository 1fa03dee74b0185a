-- The access policy in the database: the caller's relationship scope on top of the tenant, as in
-- the patient subgraph's 0002 (needs its interface v1: migrate the patient subgraph first).
-- A medication line is visible exactly when its prescription is.
--   prescription.prescription_keys_v1(uuid[])   (id, patient_id) of the tenant's prescriptions among the ids
CREATE FUNCTION prescription.prescription_keys_v1(ids uuid[]) RETURNS TABLE (id uuid, patient_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT p.id, p.patient_id FROM prescription.prescription p
        WHERE p.tenant_id = current_setting('app.tenant_id', true) AND p.id = ANY (ids) $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION prescription.prescription_keys_v1(uuid[]) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION prescription.prescription_keys_v1(uuid[]) TO caregraph_prescription;--> statement-breakpoint
CREATE POLICY relationship ON prescription.prescription AS RESTRICTIVE FOR ALL TO caregraph_prescription
  USING (caregraph.row_grant('clinical', 'any')
    OR (caregraph.row_grant('clinical', 'self') AND patient_id = nullif(current_setting('app.patient_id', true), '')::uuid)
    OR (caregraph.row_grant('clinical', 'careTeam') AND patient_id IN (SELECT patient.care_team_patients_v1())));--> statement-breakpoint
CREATE POLICY relationship ON prescription.medication AS RESTRICTIVE FOR ALL TO caregraph_prescription
  USING (prescription_id IN (SELECT p.id FROM prescription.prescription p));
