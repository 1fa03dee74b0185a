// Runs the prescription subgraph as a standalone process (services mode).
import { runSubgraphProcess } from '@caregraph/platform';
import { createPrescriptionSubgraph, migrationsFolder, requires } from './server';

await runSubgraphProcess({ name: 'prescription', migrationsFolder, requires, create: createPrescriptionSubgraph });
