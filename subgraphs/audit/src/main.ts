// Runs the audit subgraph as a standalone process (services mode).
import { runSubgraphProcess } from '@caregraph/platform';
import { createAuditSubgraph, migrationsFolder } from './server';

await runSubgraphProcess({ name: 'audit', migrationsFolder, create: createAuditSubgraph });
