-- The access policy in the database. On top of the tenant, a restrictive policy for the app role
-- on every patient-linked table admits only the rows of the caller's relations (the row policy's
-- settings of the transaction: caregraph.row_grant(kind, relation), app.patient_id, app.actor_id),
-- so a statement that forgets its filter still sees nothing else (a FOR ALL policy without WITH
-- CHECK applies USING to the rows written too: nobody writes a row they could not then read).
--
-- The patient subgraph's interface for the other subgraphs, version 1 (SECURITY DEFINER, the
-- tenant from the transaction, EXECUTE granted by name). It replaces their column grants on this
-- schema's tables; if databases are ever split, it is what to replicate.
--   patient.care_team_patients_v1()         the patients on the calling practitioner's care team
--   patient.patient_keys_v1(uuid[])         (id, patient_id) of the tenant's patients among the ids
--   patient.practitioner_roles_v1(uuid[])   (id, role) of the tenant's practitioners among the ids
CREATE FUNCTION patient.care_team_patients_v1() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT ct.patient_id FROM patient.care_team ct
        WHERE ct.tenant_id = current_setting('app.tenant_id', true)
          AND ct.practitioner_id = nullif(current_setting('app.actor_id', true), '')::uuid $$;--> statement-breakpoint
CREATE FUNCTION patient.patient_keys_v1(ids uuid[]) RETURNS TABLE (id uuid, patient_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT p.id, p.id FROM patient.patient p
        WHERE p.tenant_id = current_setting('app.tenant_id', true) AND p.id = ANY (ids) $$;--> statement-breakpoint
CREATE FUNCTION patient.practitioner_roles_v1(ids uuid[]) RETURNS TABLE (id uuid, role text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT p.id, p.role FROM patient.practitioner p
        WHERE p.tenant_id = current_setting('app.tenant_id', true) AND p.id = ANY (ids) $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION patient.care_team_patients_v1(), patient.patient_keys_v1(uuid[]), patient.practitioner_roles_v1(uuid[]) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION patient.care_team_patients_v1() TO caregraph_patient, caregraph_appointment, caregraph_prescription;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION patient.patient_keys_v1(uuid[]) TO caregraph_patient, caregraph_appointment, caregraph_prescription;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION patient.practitioner_roles_v1(uuid[]) TO caregraph_appointment, caregraph_prescription;--> statement-breakpoint
REVOKE SELECT (tenant_id, id) ON patient.patient FROM caregraph_appointment, caregraph_prescription, caregraph_audit;--> statement-breakpoint
REVOKE SELECT (tenant_id, id, role) ON patient.practitioner FROM caregraph_appointment, caregraph_prescription, caregraph_audit;--> statement-breakpoint
REVOKE SELECT ON patient.care_team FROM caregraph_appointment, caregraph_prescription, caregraph_audit;--> statement-breakpoint
REVOKE USAGE ON SCHEMA patient FROM caregraph_audit;--> statement-breakpoint
CREATE POLICY relationship ON patient.patient AS RESTRICTIVE FOR ALL TO caregraph_patient
  USING (caregraph.row_grant('patient', 'any')
    OR (caregraph.row_grant('patient', 'self') AND id = nullif(current_setting('app.patient_id', true), '')::uuid)
    OR (caregraph.row_grant('patient', 'careTeam') AND id IN (SELECT patient.care_team_patients_v1())));--> statement-breakpoint
CREATE POLICY relationship ON patient.allergy AS RESTRICTIVE FOR ALL TO caregraph_patient
  USING (caregraph.row_grant('clinical', 'any')
    OR (caregraph.row_grant('clinical', 'self') AND patient_id = nullif(current_setting('app.patient_id', true), '')::uuid)
    OR (caregraph.row_grant('clinical', 'careTeam') AND patient_id IN (SELECT patient.care_team_patients_v1())));--> statement-breakpoint
CREATE POLICY relationship ON patient.care_team AS RESTRICTIVE FOR ALL TO caregraph_patient
  USING (caregraph.row_grant('care_team', 'any')
    OR (caregraph.row_grant('care_team', 'self') AND patient_id = nullif(current_setting('app.patient_id', true), '')::uuid)
    OR (caregraph.row_grant('care_team', 'careTeam') AND patient_id IN (SELECT patient.care_team_patients_v1())));
