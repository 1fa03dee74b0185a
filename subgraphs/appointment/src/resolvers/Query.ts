// Root queries of the appointment subgraph: read arguments, call loaders, the repository or the analytics.
import { instantKey, parseId, parsePage, toConnection } from '@caregraph/platform';
import type { QueryResolvers } from '../__generated__/resolvers-types';
import { appointmentVolumes, noShowRates } from '../analytics';
import { clinicHours, freeSlots } from '../slots';
import { parseWindow } from '../validation';

export const Query: QueryResolvers = {
  appointmentVolumes: (_parent, args, { analytics }) => appointmentVolumes(analytics, args),
  noShowRates: (_parent, args, { analytics }) => noShowRates(analytics, args),
  appointment: (_parent, { id }, { loaders }) => loaders.appointment.load(parseId('id', id)),
  appointments: async (_parent, args, { repo }) => {
    const page = parsePage(args, 'instant');
    const rows = await repo.listAppointments({
      page,
      ...parseWindow(args.from, args.to),
      practitionerId: args.practitionerId == null ? null : parseId('practitionerId', args.practitionerId),
      patientId: args.patientId == null ? null : parseId('patientId', args.patientId),
      status: args.status ?? null,
    });
    return toConnection(rows, page, (row) => instantKey(row.startsAt, row.id));
  },
  availability: async (_parent, { practitionerId, date }, { repo }) => {
    const hours = clinicHours(date);
    const busy = await repo.busyIntervals(parseId('practitionerId', practitionerId), hours.startsAt, hours.endsAt);
    return freeSlots(hours, busy);
  },
};
