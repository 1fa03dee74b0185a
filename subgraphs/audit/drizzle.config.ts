// drizzle-kit configuration for the audit subgraph: only the `audit` schema, its own migrations table.
import { subgraphDrizzleConfig } from '@caregraph/platform/drizzle-kit';

export default subgraphDrizzleConfig('audit');
