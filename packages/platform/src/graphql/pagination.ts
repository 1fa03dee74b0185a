// Relay-style connections: page-size checks, opaque keyset cursors, and building the result.
import { badInput } from '../errors';
import { isId, unstorableTextProblem } from './ids';
import { dateTimeProblem } from './scalars';

const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 20;

export type CursorKey = [sortValue: string, id: string];

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: PageInfo;
}

/** A validated page request: size within 1..100 and the decoded `after` key, if any. */
export interface Page {
  first: number;
  after: CursorKey | null;
}

/** What a cursor's sort value is: free text, or an instant (cast to timestamptz in SQL). */
export type SortKind = 'text' | 'instant';

export function parsePage(args: { first?: number | null; after?: string | null }, sortKind: SortKind = 'text'): Page {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput('first', `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  const after = args.after == null ? null : decodeCursor(args.after);
  if (after && sortKind === 'instant' && !isInstantKey(after[0])) throw badInput('after', 'malformed cursor');
  return { first, after };
}

/** Exactly what `instantKey` writes: a storable instant in `toISOString` form. */
function isInstantKey(value: string): boolean {
  return dateTimeProblem(value) === null && new Date(value).toISOString() === value;
}

/** The cursor key of a row ordered by an instant column, then id. */
export function instantKey(at: Date, id: string): CursorKey {
  return [at.toISOString(), id];
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): CursorKey {
  try {
    if (cursor.length > 512) throw new Error('too long');
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length === 2 &&
      typeof key[0] === 'string' &&
      isId(key[1]) &&
      !unstorableTextProblem(key[0])
    ) {
      return key as CursorKey;
    }
  } catch {
    // fall through to the same error for every malformed cursor
  }
  throw badInput(field, 'malformed cursor');
}

/**
 * Builds a connection from rows fetched with `limit first + 1`: the extra row only tells
 * whether there is a next page.
 */
export function toConnection<T>(rows: T[], page: Page, keyOf: (row: T) => CursorKey): Connection<T> {
  const nodes = rows.slice(0, page.first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: rows.length > page.first,
      hasPreviousPage: page.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
