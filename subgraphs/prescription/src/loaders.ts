// Per-request DataLoaders of the prescription subgraph: one SQL statement per batch, never per row.
import { groupLoader, loaderPerArgs, patientPageLoader, rowLoader } from '@caregraph/platform';
import type { PrescriptionFilter, PrescriptionRepository } from './repository';

export type Loaders = ReturnType<typeof createLoaders>;

export function createLoaders(repo: PrescriptionRepository) {
  return {
    prescription: rowLoader(repo.prescriptionsByIds),
    medications: groupLoader(repo.medicationsByPrescriptionIds, (row) => row.prescriptionId),
    appointmentPrescriptions: groupLoader(repo.prescriptionsByAppointments, (row) => row.appointmentId ?? ''),
    /** One loader per page/filter, so sibling `Patient.prescriptions` with the same arguments share a batch. */
    patientPrescriptions: loaderPerArgs((filter: PrescriptionFilter) =>
      patientPageLoader((patientIds) => repo.prescriptionsByPatients(patientIds, filter)),
    ),
  };
}
