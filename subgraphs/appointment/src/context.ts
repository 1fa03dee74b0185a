// The appointment subgraph's per-request context: caller, tenant-scoped repository, fresh loaders.
import { contextFactory, type RowPolicySources, type SubgraphContext } from '@caregraph/platform';
import { careTeamPatients } from '@caregraph/patient/interface';
import { createLoaders, type Loaders } from './loaders';
import { createAppointmentRepository, type AppointmentRepository } from './repository';

/** Where this subgraph's row policy reads the caller's care team: the patient subgraph's interface. */
export const rowSources: RowPolicySources = { careTeamPatients };

export type Context = SubgraphContext<AppointmentRepository, Loaders>;
export const createContext = contextFactory('appointment', createAppointmentRepository, createLoaders, rowSources);
