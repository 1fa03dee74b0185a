// Runs the patient subgraph as a standalone process (services mode).
import { runSubgraphProcess } from '@caregraph/platform';
import { createPatientSubgraph, migrationsFolder } from './server';

await runSubgraphProcess({ name: 'patient', migrationsFolder, create: createPatientSubgraph });
