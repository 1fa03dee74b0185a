// drizzle-kit configuration for the prescription subgraph: only the `prescription` schema, its own migrations table.
import { subgraphDrizzleConfig } from '@caregraph/platform/drizzle-kit';

export default subgraphDrizzleConfig('prescription');
