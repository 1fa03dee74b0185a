// The patient subgraph's resolver map, assembled from one file per type.
import { DateScalar, DateTimeScalar } from '@caregraph/platform';
import type { Resolvers } from '../__generated__/resolvers-types';
import { Mutation } from './Mutation';
import { Patient } from './Patient';
import { Practitioner } from './Practitioner';
import { Query } from './Query';
import { Viewer } from './Viewer';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Date: DateScalar,
  Query,
  Mutation,
  Patient,
  Practitioner,
  Viewer,
};
