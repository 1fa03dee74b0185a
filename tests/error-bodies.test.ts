// Every refusal the gateway makes itself — 400, 401, 403, 413, 429 — carries the request id of its response.
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '@caregraph/gateway';
import { freshToken, postGraphQL, tokenFor, type GraphQLResponse } from '@caregraph/platform/testing';
import { usePlatforms } from './support/platform';

const platforms = usePlatforms();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** One point a second, two at most; a cost budget of 40 that a 31-point query drains. */
const ENV = {
  ANONYMOUS_RATE_LIMIT_CAPACITY: '2',
  ANONYMOUS_RATE_LIMIT_RESTORE_RATE: '0.001',
  RATE_LIMIT_CAPACITY: '40',
  RATE_LIMIT_RESTORE_RATE: '0.001',
  MAX_COST: '40',
  BODY_LIMIT_BYTES: '2048',
};

let platform: RunningPlatform;
beforeAll(async () => {
  platform = await platforms.start(ENV);
});

/** The response's status, error code, and whether the body's request id is the response header's. */
function refusal(response: GraphQLResponse) {
  const error = response.body.errors?.[0];
  const header = response.headers.get('x-request-id');
  return {
    status: response.status,
    code: error?.extensions?.code,
    requestId: error?.extensions?.requestId === header && UUID.test(header ?? '') ? 'the response header' : 'missing',
  };
}

describe('error bodies carry extensions.requestId, the same as the x-request-id header', () => {
  it('401 without a token', async () => {
    const response = await postGraphQL(platform.gatewayUrl, { query: '{ me { userId } }' });
    expect(refusal(response)).toEqual({ status: 401, code: 'UNAUTHENTICATED', requestId: 'the response header' });
  });

  it('403 for an analyst at the main graph', async () => {
    const response = await postGraphQL(platform.gatewayUrl, {
      query: '{ me { userId } }',
      token: await tokenFor('analyst@acme.test'),
    });
    expect(refusal(response)).toEqual({ status: 403, code: 'FORBIDDEN', requestId: 'the response header' });
  });

  it('413 for a body over BODY_LIMIT_BYTES', async () => {
    const response = await postGraphQL(platform.gatewayUrl, {
      query: `{ me { userId } } # ${'x'.repeat(4096)}`,
      token: await tokenFor('admin@acme.test'),
    });
    expect(refusal(response)).toEqual({ status: 413, code: 'BAD_REQUEST', requestId: 'the response header' });
  });

  it('400 for a body that is not JSON', async () => {
    const response = await fetch(platform.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    const text = await response.text();
    expect(refusal({ status: response.status, headers: response.headers, body: JSON.parse(text), text })).toEqual({
      status: 400,
      code: 'BAD_REQUEST',
      requestId: 'the response header',
    });
  });

  it('429 for anonymous requests past the per-IP budget', async () => {
    // The budget holds two and the first test of this file drew one: refused by the third request at the latest.
    const statuses: number[] = [];
    let last: GraphQLResponse | null = null;
    while (statuses.length < 3 && last?.status !== 429) {
      last = await postGraphQL(platform.gatewayUrl, { query: '{ me { userId } }' });
      statuses.push(last.status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(refusal(last!)).toEqual({ status: 429, code: 'RATE_LIMITED', requestId: 'the response header' });
  });

  it('429 for a principal past its cost budget', async () => {
    const token = await freshToken();
    const query = '{ practitioners(first: 30) { nodes { id } } }';
    expect((await postGraphQL(platform.gatewayUrl, { query, token })).status).toBe(200);
    const response = await postGraphQL(platform.gatewayUrl, { query, token });
    expect(refusal(response)).toEqual({ status: 429, code: 'RATE_LIMITED', requestId: 'the response header' });
  });
});
