// The patient subgraph's per-request context: caller, tenant-scoped repository, fresh loaders.
import { contextFactory, type RowPolicySources, type SubgraphContext } from '@caregraph/platform';
import { careTeamPatients } from './interface';
import { createLoaders, type Loaders } from './loaders';
import { createPatientRepository, type PatientRepository } from './repository';

/** Where this subgraph's row policy reads the caller's care team: the patient subgraph's interface. */
export const rowSources: RowPolicySources = { careTeamPatients };

export type Context = SubgraphContext<PatientRepository, Loaders>;
export const createContext = contextFactory('patient', createPatientRepository, createLoaders, rowSources);
