// The prescription subgraph's per-request context: caller, tenant-scoped repository, fresh loaders.
import { contextFactory, type SubgraphContext } from '@caregraph/platform';
import { rowSources } from '@caregraph/patient/interface';
import { createLoaders, type Loaders } from './loaders';
import { createPrescriptionRepository, type PrescriptionRepository } from './repository';

export type Context = SubgraphContext<PrescriptionRepository, Loaders>;
export const createContext = contextFactory('prescription', createPrescriptionRepository, createLoaders, rowSources);
