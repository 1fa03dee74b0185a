// The appointment subgraph's resolver map, assembled from one file per type.
import { DateScalar, DateTimeScalar } from '@caregraph/platform';
import type { Resolvers } from '../__generated__/resolvers-types';
import { Appointment } from './Appointment';
import { ClinicalNote } from './ClinicalNote';
import { Mutation } from './Mutation';
import { Patient } from './Patient';
import { Practitioner } from './Practitioner';
import { Query } from './Query';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Date: DateScalar,
  Query,
  Mutation,
  Appointment,
  ClinicalNote,
  Patient,
  Practitioner,
};
