// Runs the appointment subgraph as a standalone process (services mode).
import { runSubgraphProcess } from '@caregraph/platform';
import { createAppointmentSubgraph, migrationsFolder, requires } from './server';

await runSubgraphProcess({ name: 'appointment', migrationsFolder, requires, create: createAppointmentSubgraph });
