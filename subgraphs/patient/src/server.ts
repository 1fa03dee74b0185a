// createPatientSubgraph: the patient subgraph's app, built from its parts; it never listens.
import { createSubgraph, subgraphFiles, type SubgraphDeps } from '@caregraph/platform';
import { createContext } from './context';
import { audit } from './audit';
import { permissions } from './permissions';
import { resolvers } from './resolvers';

export const { typeDefs, migrationsFolder } = subgraphFiles('patient');

export function createPatientSubgraph(deps: SubgraphDeps) {
  return createSubgraph({ name: 'patient', typeDefs, resolvers, permissions, audit, createContext }, deps);
}
