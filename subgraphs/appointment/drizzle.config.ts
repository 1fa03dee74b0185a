// drizzle-kit configuration for the appointment subgraph: only the `appointment` schema, its own migrations table.
import { subgraphDrizzleConfig } from '@caregraph/platform/drizzle-kit';

export default subgraphDrizzleConfig('appointment');
