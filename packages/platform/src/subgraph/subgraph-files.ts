// Where a subgraph's SDL and migrations live, by the repository's layout convention.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, type DocumentNode } from 'graphql';
import type { SubgraphName } from '../config';

const repositoryRoot = new URL('../../../../', import.meta.url);

/** `schema/subgraphs/<name>.graphql`, parsed, and `subgraphs/<name>/migrations`. */
export function subgraphFiles(name: SubgraphName): { typeDefs: DocumentNode; migrationsFolder: string } {
  return {
    typeDefs: parse(readFileSync(new URL(`schema/subgraphs/${name}.graphql`, repositoryRoot), 'utf8')),
    migrationsFolder: fileURLToPath(new URL(`subgraphs/${name}/migrations`, repositoryRoot)),
  };
}
