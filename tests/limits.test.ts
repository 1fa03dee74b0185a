// Denial-of-service limits from the attacker's side: each refused before any subgraph is called.
import { describe, expect, it } from 'vitest';
import { tokenFor } from '@caregraph/platform/testing';
import { useTestPlatform } from './support/platform';
import { PATIENTS_DEEP } from './support/queries';
import { codes, send } from './support/probes';

const harness = useTestPlatform();

/** Sends as admin and returns the response with the number of subgraph fetches it caused. */
async function refusedOrNot(query: string, variables?: Record<string, unknown>) {
  const before = harness.platform.stats.subgraphFetches;
  const response = await send(harness.platform.gatewayUrl, 'admin', query, variables);
  return { response, fetches: harness.platform.stats.subgraphFetches - before };
}

async function raw(init: RequestInit & { path?: string }) {
  const before = harness.platform.stats.subgraphFetches;
  const response = await fetch(harness.platform.gatewayUrl + (init.path ?? ''), init);
  return {
    status: response.status,
    text: await response.text(),
    fetches: harness.platform.stats.subgraphFetches - before,
  };
}

describe('shape limits', () => {
  it('refuses nesting deeper than 10 with DEPTH_LIMIT_EXCEEDED', async () => {
    const hops = 'appointments(first: 1) { nodes { patient { '.repeat(4);
    const query = `{ patients(first: 1) { nodes { ${hops} id ${'} } } '.repeat(4)} } } }`;
    const { response, fetches } = await refusedOrNot(query);
    expect(codes(response)).toEqual(['DEPTH_LIMIT_EXCEEDED']);
    expect(fetches).toBe(0);
  });

  it('refuses 101 aliases of patient(id:) already while parsing (TOKEN_LIMIT_EXCEEDED)', async () => {
    const query = `{ ${Array.from({ length: 101 }, (_, i) => `p${i}: patient(id: "00000000-0000-4000-8000-000000000000") { id }`).join(' ')} }`;
    const { response, fetches } = await refusedOrNot(query);
    expect(codes(response)).toEqual(['TOKEN_LIMIT_EXCEEDED']);
    expect(fetches).toBe(0);
  });

  it('refuses 31 aliases with ALIAS_LIMIT_EXCEEDED', async () => {
    const query = `query($id: ID!) { patient(id: $id) { ${Array.from({ length: 31 }, (_, i) => `a${i}: id`).join(' ')} } }`;
    const { response, fetches } = await refusedOrNot(query, { id: '00000000-0000-4000-8000-000000000000' });
    expect(codes(response)).toEqual(['ALIAS_LIMIT_EXCEEDED']);
    expect(response.body.errors?.[0]?.extensions?.limit).toBe(30);
    expect(fetches).toBe(0);
  });

  it('refuses 1000 × __typename with TOKEN_LIMIT_EXCEEDED, while parsing', async () => {
    const { response, fetches } = await refusedOrNot(`{ ${'__typename '.repeat(1000)}}`);
    expect(codes(response)).toEqual(['TOKEN_LIMIT_EXCEEDED']);
    expect(response.status).toBe(400);
    expect(fetches).toBe(0);
  });

  it('refuses directive overloading with DIRECTIVE_LIMIT_EXCEEDED', async () => {
    const query = `{ me { ${'...V @include(if: true) '.repeat(25)}} } fragment V on Viewer { userId }`;
    const { response, fetches } = await refusedOrNot(query);
    expect(codes(response)).toEqual(['DIRECTIVE_LIMIT_EXCEEDED']);
    expect(fetches).toBe(0);
  });

  it('refuses circular fragments as a validation error, promptly', async () => {
    const started = Date.now();
    const { response, fetches } = await refusedOrNot(
      `{ me { ...A } } fragment A on Viewer { ...B } fragment B on Viewer { ...A }`,
    );
    expect(codes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(fetches).toBe(0);
  });

  it('refuses more than 25 root fields with ROOT_FIELD_LIMIT_EXCEEDED', async () => {
    const query = `{ ${Array.from({ length: 26 }, () => 'me { userId }').join(' ')} }`;
    const { response, fetches } = await refusedOrNot(query);
    expect(codes(response)).toEqual(['ROOT_FIELD_LIMIT_EXCEEDED']);
    expect(fetches).toBe(0);
  });
});

describe('cost limits', () => {
  it('refuses appointments(first: 99999999) with its estimate and the limit', async () => {
    const { response, fetches } = await refusedOrNot(`{ appointments(first: 99999999) { nodes { id } } }`);
    expect(codes(response)).toEqual(['COST_LIMIT_EXCEEDED']);
    expect(response.body.errors?.[0]?.extensions?.cost).toEqual({ estimated: 100_000_000, limit: 20_000 });
    expect(fetches).toBe(0);
  });

  it('estimates the documented deep query at 5,601 (1 + 50 × (1 + 1 + 10 × 11)) and reports it', async () => {
    const response = await send(harness.platform.gatewayUrl, 'doctor', PATIENTS_DEEP, { first: 50 });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.extensions).toMatchObject({ cost: { estimated: 5601 } });
  });

  it('reports the budget on every accepted response, in extensions and headers', async () => {
    const response = await send(
      harness.platform.gatewayUrl,
      'reception',
      `{ practitioners(first: 5) { nodes { id } } }`,
    );
    const cost = response.body.extensions?.cost as { estimated: number; throttle: Record<string, number> };
    expect(cost.estimated).toBe(6);
    expect(cost.throttle).toMatchObject({ capacity: 50_000, restoreRate: 2000 });
    expect(response.headers.get('ratelimit-limit')).toBe('50000');
    expect(Number(response.headers.get('ratelimit-remaining'))).toBe(cost.throttle.available);
    expect(Number(response.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(0);
  });
});

describe('transport limits', () => {
  const json = { 'content-type': 'application/json', authorization: '' };
  const withToken = async () => ({ ...json, authorization: `Bearer ${await tokenFor('admin@acme.test')}` });

  it('answers a 2 MB body with 413 before parsing it', async () => {
    const body = JSON.stringify({ query: '{ me { userId } }', variables: { pad: 'x'.repeat(2 * 1024 * 1024) } });
    const result = await raw({ method: 'POST', headers: await withToken(), body });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.text).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(result.fetches).toBe(0);
  });

  it('refuses a batched array of 10 operations', async () => {
    const body = JSON.stringify(Array.from({ length: 10 }, () => ({ query: '{ me { userId } }' })));
    const result = await raw({ method: 'POST', headers: await withToken(), body });
    expect(result.status).toBe(400);
    expect(result.fetches).toBe(0);
  });

  it('refuses a mutation sent with GET (405)', async () => {
    const query = encodeURIComponent(
      'mutation { registerPatient(input: { given: "A", family: "B", birthDate: "2000-01-01", sex: UNKNOWN }) { id } }',
    );
    const result = await raw({
      method: 'GET',
      path: `?query=${query}`,
      headers: { ...(await withToken()), 'apollo-require-preflight': 'true' },
    });
    expect(result.status).toBe(405);
    expect(result.fetches).toBe(0);
  });

  it('refuses a text/plain POST without a preflight header (CSRF)', async () => {
    const result = await raw({
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: (await withToken()).authorization },
      body: JSON.stringify({ query: '{ me { userId } }' }),
    });
    expect(result.status).toBe(400);
    expect(result.text).toContain('CSRF');
    expect(result.fetches).toBe(0);
  });

  it('refuses a 1 MB string variable (the body limit) and a 100 KB one (the variable limit)', async () => {
    const cancel = `mutation($id: ID!, $reason: String!) { cancelAppointment(id: $id, reason: $reason) { id } }`;
    const id = '00000000-0000-4000-8000-000000000000';
    const huge = await raw({
      method: 'POST',
      headers: await withToken(),
      body: JSON.stringify({ query: cancel, variables: { id, reason: 'x'.repeat(1024 * 1024) } }),
    });
    expect(huge.status).toBe(413);
    const { response, fetches } = await refusedOrNot(cancel, { id, reason: 'x'.repeat(100_000) });
    expect(response.body.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', '$reason'],
    ]);
    expect(fetches + huge.fetches).toBe(0);
  });
});
