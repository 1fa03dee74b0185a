// Per-request DataLoaders of the patient subgraph: one SQL statement per batch, never per row.
import { groupLoader, rowLoader } from '@caregraph/platform';
import type { PatientRepository } from './repository';

export type Loaders = ReturnType<typeof createLoaders>;

export function createLoaders(repo: PatientRepository) {
  const careTeams = groupLoader(repo.careTeamsByPatientIds, (row) => row.patientId);
  return {
    patient: rowLoader(repo.patientsByIds),
    practitioner: rowLoader(repo.practitionersByIds),
    allergies: groupLoader(repo.allergiesByPatientIds, (row) => row.patientId),
    careTeam: { load: async (patientId: string) => (await careTeams.load(patientId)).map((row) => row.practitioner) },
  };
}
