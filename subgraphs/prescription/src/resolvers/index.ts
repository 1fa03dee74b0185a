// The prescription subgraph's resolver map, assembled from one file per type.
import { DateTimeScalar } from '@caregraph/platform';
import type { Resolvers } from '../__generated__/resolvers-types';
import { Appointment } from './Appointment';
import { Mutation } from './Mutation';
import { Patient } from './Patient';
import { Prescription } from './Prescription';
import { Query } from './Query';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Query, Mutation, Prescription, Patient, Appointment };
