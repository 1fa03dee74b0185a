// Per-request DataLoaders of the appointment subgraph: one SQL statement per batch, never per row.
import { groupLoader, loaderPerArgs, patientPageLoader, rowLoader } from '@caregraph/platform';
import type { AppointmentRepository, PatientAppointmentsPage } from './repository';

export type Loaders = ReturnType<typeof createLoaders>;

export function createLoaders(repo: AppointmentRepository) {
  const notes = groupLoader(repo.notesByAppointmentIds, (row) => row.appointmentId);
  return {
    appointment: rowLoader(repo.appointmentsByIds),
    note: { load: async (appointmentId: string) => (await notes.load(appointmentId))[0] ?? null },
    /** Per distinct page arguments: every patient's `appointments(...)` in one statement. */
    patientAppointments: loaderPerArgs((args: PatientAppointmentsPage) =>
      patientPageLoader((patientIds) => repo.appointmentsByPatients(patientIds, args)),
    ),
    /** Per distinct window: every practitioner's `schedule(from, to)` in one statement. */
    schedule: loaderPerArgs(({ from, to }: { from: Date; to: Date }) =>
      groupLoader(
        (practitionerIds) => repo.scheduleByPractitioners(practitionerIds, from, to),
        (row) => row.practitionerId,
      ),
    ),
  };
}
