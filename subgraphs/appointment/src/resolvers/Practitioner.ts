// Practitioner as seen by the appointment subgraph: an entity stub with its schedule.
import { isId } from '@caregraph/platform';
import type { PractitionerResolvers } from '../__generated__/resolvers-types';
import { parseScheduleWindow } from '../validation';

export const Practitioner: PractitionerResolvers = {
  __resolveReference: (ref) => (isId(ref.id) ? { id: ref.id } : null),
  schedule: (ref, { from, to }, { loaders }) => loaders.schedule(parseScheduleWindow(from, to)).load(ref.id),
};
