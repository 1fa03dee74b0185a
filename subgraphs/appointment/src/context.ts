// The appointment subgraph's per-request context: caller, tenant-scoped repository, fresh loaders.
import { contextFactory, type SubgraphContext } from '@caregraph/platform';
import { rowSources } from '@caregraph/patient/interface';
import { createLoaders, type Loaders } from './loaders';
import { createAppointmentRepository, type AppointmentRepository } from './repository';

export type Context = SubgraphContext<AppointmentRepository, Loaders>;
export const createContext = contextFactory('appointment', createAppointmentRepository, createLoaders, rowSources);
