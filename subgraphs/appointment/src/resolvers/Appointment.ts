// Fields and entity reference of Appointment; patient and practitioner are references by id.
import { isId } from '@caregraph/platform';
import type { AppointmentResolvers } from '../__generated__/resolvers-types';

export const Appointment: AppointmentResolvers = {
  __resolveReference: (ref, { loaders }) => (isId(ref.id) ? loaders.appointment.load(ref.id) : null),
  patient: (row) => ({ id: row.patientId }),
  practitioner: (row) => ({ id: row.practitionerId }),
  clinicalNote: (row, _args, { loaders }) => loaders.note.load(row.id),
};
