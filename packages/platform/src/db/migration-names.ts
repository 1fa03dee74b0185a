// Where drizzle records applied migrations: one table per subgraph in the `drizzle` schema.
import type { SubgraphName } from '../config';

export const MIGRATIONS_SCHEMA = 'drizzle';

export function migrationsTable(subgraph: SubgraphName): string {
  return `__migrations_${subgraph}`;
}
