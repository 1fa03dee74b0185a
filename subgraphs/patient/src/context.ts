// The patient subgraph's per-request context: caller, tenant-scoped repository, fresh loaders.
import { contextFactory, type SubgraphContext } from '@caregraph/platform';
import { rowSources } from './interface';
import { createLoaders, type Loaders } from './loaders';
import { createPatientRepository, type PatientRepository } from './repository';

export type Context = SubgraphContext<PatientRepository, Loaders>;
export const createContext = contextFactory('patient', createPatientRepository, createLoaders, rowSources);
