// createPrescriptionSubgraph: the prescription subgraph's app, built from its parts; it never listens.
import { createSubgraph, subgraphFiles, type SubgraphDeps } from '@caregraph/platform';
import { createContext } from './context';
import { audit } from './audit';
import { permissions } from './permissions';
import { resolvers } from './resolvers';

export const { typeDefs, migrationsFolder } = subgraphFiles('prescription');

export function createPrescriptionSubgraph(deps: SubgraphDeps) {
  return createSubgraph({ name: 'prescription', typeDefs, resolvers, permissions, audit, createContext }, deps);
}
