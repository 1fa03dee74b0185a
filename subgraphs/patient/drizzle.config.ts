// drizzle-kit configuration for the patient subgraph: only the `patient` schema, its own migrations table.
import { subgraphDrizzleConfig } from '@caregraph/platform/drizzle-kit';

export default subgraphDrizzleConfig('patient');
