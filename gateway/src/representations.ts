// Entity fetches without repeats: each distinct representation goes to a subgraph once per fetch.
import type { GraphQLDataSource } from '@apollo/gateway';

type SubgraphResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

export interface Deduplicated {
  /** The distinct representations, in the order they first appear. */
  unique: unknown[];
  /** For each original representation, its index in `unique`. */
  positions: number[];
}

/**
 * @apollo/gateway sends one representation per entity in the result, so 500 appointments of
 * 12 practitioners ask the patient subgraph to resolve (authorize, audit) the same 12 records
 * 500 times. Returns null when there is nothing to remove.
 */
export function deduplicateRepresentations(representations: readonly unknown[]): Deduplicated | null {
  const indexOf = new Map<string, number>();
  const unique: unknown[] = [];
  const positions: number[] = [];
  for (const representation of representations) {
    const key = JSON.stringify(representation);
    let index = indexOf.get(key);
    if (index === undefined) {
      index = unique.length;
      indexOf.set(key, index);
      unique.push(representation);
    }
    positions.push(index);
  }
  return unique.length < representations.length ? { unique, positions } : null;
}

/** A deep copy of JSON data (the gateway merges into entities in place, so positions must not share objects). */
function copyJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyJson) as T;
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) copy[key] = copyJson(field);
  return copy as T;
}

/**
 * The subgraph's answer for the distinct representations, laid out again for the original
 * ones: `_entities` in the original order (a copy for every repeat), and each error at an
 * entity's path repeated at every position of that entity.
 */
export function expandEntities(response: SubgraphResponse, { positions }: Deduplicated): SubgraphResponse {
  const originals = new Map<number, number[]>();
  positions.forEach((index, position) => {
    const list = originals.get(index);
    if (list) list.push(position);
    else originals.set(index, [position]);
  });
  const entities = response.data?._entities;
  const data = Array.isArray(entities)
    ? {
        ...response.data,
        _entities: positions.map((index, position) =>
          originals.get(index)![0] === position ? entities[index] : copyJson(entities[index]),
        ),
      }
    : response.data;
  const errors = response.errors?.flatMap((error) => {
    const [root, index, ...rest] = error.path ?? [];
    if (root !== '_entities' || typeof index !== 'number' || !originals.has(index)) return [error];
    return originals.get(index)!.map((position) => ({ ...error, path: ['_entities', position, ...rest] }));
  });
  return { ...response, data, ...(errors ? { errors } : {}) };
}
