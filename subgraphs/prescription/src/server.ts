// createPrescriptionSubgraph: the prescription subgraph's app, built from its parts; it never listens.
import { createSubgraph, subgraphFiles, type SubgraphDeps } from '@caregraph/platform';
import { APPOINTMENT_INTERFACE } from '@caregraph/appointment/interface';
import { PATIENT_INTERFACE } from '@caregraph/patient/interface';
import { createContext } from './context';
import { audit } from './audit';
import { permissions } from './permissions';
import { resolvers } from './resolvers';

export const { typeDefs, migrationsFolder } = subgraphFiles('prescription');

/** The other subgraphs' interfaces this one reads: they are migrated before it. */
export const requires: readonly string[] = [...PATIENT_INTERFACE, ...APPOINTMENT_INTERFACE];

export function createPrescriptionSubgraph(deps: SubgraphDeps) {
  return createSubgraph({ name: 'prescription', typeDefs, resolvers, permissions, audit, createContext }, deps);
}
