-- The access policy in the database: the caller's relationship scope on top of the tenant, as in
-- the patient subgraph's 0002 (needs its interface v1: migrate the patient subgraph first).
--
-- The appointment subgraph's interface for the other subgraphs, version 1 (SECURITY DEFINER,
-- the tenant from the transaction). It replaces their column grant on appointment.appointment.
--   appointment.appointment_keys_v1(uuid[])   (id, patient_id) of the tenant's appointments among the ids
-- And for its own use: the busy intervals of a practitioner, which callers that may not read
-- other bookings (patients, partners) still need for availability and double-booking checks.
--   appointment.busy_intervals_v1(uuid, timestamptz, timestamptz)   non-cancelled bookings overlapping [from, to)
CREATE FUNCTION appointment.appointment_keys_v1(ids uuid[]) RETURNS TABLE (id uuid, patient_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT a.id, a.patient_id FROM appointment.appointment a
        WHERE a.tenant_id = current_setting('app.tenant_id', true) AND a.id = ANY (ids) $$;--> statement-breakpoint
CREATE FUNCTION appointment.busy_intervals_v1(practitioner uuid, from_time timestamptz, to_time timestamptz)
  RETURNS TABLE (starts_at timestamptz, ends_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT a.starts_at, a.ends_at FROM appointment.appointment a
        WHERE a.tenant_id = current_setting('app.tenant_id', true) AND a.practitioner_id = practitioner
          AND a.status <> 'CANCELLED' AND a.starts_at < to_time AND a.ends_at > from_time $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION appointment.appointment_keys_v1(uuid[]), appointment.busy_intervals_v1(uuid, timestamptz, timestamptz) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION appointment.appointment_keys_v1(uuid[]) TO caregraph_appointment, caregraph_prescription;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION appointment.busy_intervals_v1(uuid, timestamptz, timestamptz) TO caregraph_appointment;--> statement-breakpoint
REVOKE SELECT (tenant_id, id, patient_id) ON appointment.appointment FROM caregraph_prescription, caregraph_audit;--> statement-breakpoint
REVOKE USAGE ON SCHEMA appointment FROM caregraph_audit;--> statement-breakpoint
CREATE POLICY relationship ON appointment.appointment AS RESTRICTIVE FOR ALL TO caregraph_appointment
  USING (caregraph.row_grant('appointment', 'any')
    OR (caregraph.row_grant('appointment', 'self') AND patient_id = nullif(current_setting('app.patient_id', true), '')::uuid)
    OR (caregraph.row_grant('appointment', 'careTeam') AND patient_id IN (SELECT patient.care_team_patients_v1()))
    OR (caregraph.row_grant('appointment', 'ownSchedule') AND practitioner_id = nullif(current_setting('app.actor_id', true), '')::uuid)
    OR (caregraph.row_grant('appointment', 'ownBooking') AND booked_by_client = nullif(current_setting('app.client_id', true), '')));--> statement-breakpoint
CREATE POLICY relationship ON appointment.clinical_note AS RESTRICTIVE FOR ALL TO caregraph_appointment
  USING (caregraph.row_grant('clinical', 'any')
    OR (caregraph.row_grant('clinical', 'self') AND patient_id = nullif(current_setting('app.patient_id', true), '')::uuid)
    OR (caregraph.row_grant('clinical', 'careTeam') AND patient_id IN (SELECT patient.care_team_patients_v1())));
