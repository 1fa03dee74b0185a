// Fields and entity reference of Prescription; other subgraphs' entities are returned as id references.
import { isId } from '@caregraph/platform';
import type { PrescriptionResolvers } from '../__generated__/resolvers-types';

export const Prescription: PrescriptionResolvers = {
  __resolveReference: (ref, { loaders }) => (isId(ref.id) ? loaders.prescription.load(ref.id) : null),
  patient: (row) => ({ id: row.patientId }),
  prescriber: (row) => ({ id: row.prescriberId }),
  appointment: (row) => (row.appointmentId ? { id: row.appointmentId } : null),
  diagnosis: (row) => ({ code: row.diagnosisCode, display: row.diagnosisDisplay }),
  medications: (row, _args, { loaders }) => loaders.medications.load(row.id),
};
