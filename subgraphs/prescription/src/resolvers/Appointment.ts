// The Appointment entity stub: the appointment subgraph owns it; this one adds its prescriptions.
import { isId } from '@caregraph/platform';
import type { AppointmentResolvers } from '../__generated__/resolvers-types';

export const Appointment: AppointmentResolvers = {
  __resolveReference: (ref) => (isId(ref.id) ? { id: ref.id } : null),
  prescriptions: (appointment, _args, { loaders }) => loaders.appointmentPrescriptions.load(appointment.id),
};
