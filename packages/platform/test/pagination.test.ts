// Cursors and page sizes: round trips, and BAD_USER_INPUT for anything else.
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, parsePage, toConnection } from '../src/graphql/pagination';

const id = '6f1c2a5e-0b7d-4c3e-9a1f-2b3c4d5e6f70';

function codeOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    return (error as { extensions?: { code?: string; field?: string } }).extensions;
  }
  return undefined;
}

describe('pagination', () => {
  it('round-trips a cursor key', () => {
    expect(decodeCursor(encodeCursor(['ACME-000001', id]))).toEqual(['ACME-000001', id]);
  });

  it.each([['garbage'], [Buffer.from('["a"]').toString('base64url')], [encodeCursor(['a', 'not-an-id'] as never)]])(
    'refuses the malformed cursor %s',
    (cursor) => {
      expect(codeOf(() => decodeCursor(cursor))).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    },
  );

  it.each([['A\u0000'], ['A\uD800']])('refuses a cursor whose sort value Postgres cannot take (%j)', (sortValue) => {
    expect(codeOf(() => decodeCursor(encodeCursor([sortValue, id])))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
  });

  it.each([['1990-02-31T00:00:00.000Z'], ['+010000-01-01T00:00:00.000Z'], ['2026-03-02T10:00:00Z']])(
    'refuses an instant cursor that instantKey never writes (%s)',
    (instant) => {
      const after = encodeCursor([instant, id]);
      expect(codeOf(() => parsePage({ after }, 'instant'))).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    },
  );

  it('round-trips an instant cursor', () => {
    const after = encodeCursor(['2026-03-02T10:00:00.000Z', id]);
    expect(parsePage({ after }, 'instant').after).toEqual(['2026-03-02T10:00:00.000Z', id]);
  });

  it.each([0, 101, 2.5])('refuses first = %s', (first) => {
    expect(codeOf(() => parsePage({ first }))).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('builds pageInfo from a page fetched with one extra row', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const connection = toConnection(rows, { first: 2, after: null }, (row) => [row.id, id]);
    expect(connection.nodes).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(connection.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(decodeCursor(connection.pageInfo.endCursor!)).toEqual(['b', id]);
  });
});
