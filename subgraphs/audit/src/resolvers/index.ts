// The audit subgraph's resolver map, assembled from one file per type.
import { DateTimeScalar } from '@caregraph/platform';
import type { Resolvers } from '../__generated__/resolvers-types';
import { AccessEvent } from './AccessEvent';
import { Patient } from './Patient';
import { Query } from './Query';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Query, AccessEvent, Patient };
