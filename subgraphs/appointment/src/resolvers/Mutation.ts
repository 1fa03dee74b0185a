// Mutations of the appointment subgraph: validate arguments, then one repository transaction each.
import { parseId } from '@caregraph/platform';
import type { MutationResolvers } from '../__generated__/resolvers-types';
import { parseBooking, parseCancellationReason, parseNote } from '../validation';

export const Mutation: MutationResolvers = {
  bookAppointment: (_parent, { input }, { repo }) => repo.book(parseBooking(input)),
  cancelAppointment: (_parent, { id, reason }, { repo }) =>
    repo.cancel(parseId('id', id), parseCancellationReason(reason)),
  updateAppointmentStatus: (_parent, { id, status }, { repo }) => repo.updateStatus(parseId('id', id), status),
  recordClinicalNote: (_parent, { appointmentId, input }, { repo }) =>
    repo.recordNote(parseId('appointmentId', appointmentId), parseNote(input)),
};
