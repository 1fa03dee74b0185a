// The prescription subgraph's per-request context: caller, tenant-scoped repository, fresh loaders.
import { contextFactory, type RowPolicySources, type SubgraphContext } from '@caregraph/platform';
import { careTeamPatients } from '@caregraph/patient/interface';
import { createLoaders, type Loaders } from './loaders';
import { createPrescriptionRepository, type PrescriptionRepository } from './repository';

/** Where this subgraph's row policy reads the caller's care team: the patient subgraph's interface. */
export const rowSources: RowPolicySources = { careTeamPatients };

export type Context = SubgraphContext<PrescriptionRepository, Loaders>;
export const createContext = contextFactory('prescription', createPrescriptionRepository, createLoaders, rowSources);
