// Automatic persisted queries on real Redis: miss, register, hit, mismatch; limits apply before storing.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '@caregraph/gateway';
import { tokenFor } from '@caregraph/platform/testing';
import { postById, sha256 } from './support/persisted';
import { usePlatforms } from './support/platform';
import { codes } from './support/probes';

const platforms = usePlatforms();
const redis = new Redis('redis://127.0.0.1:6379');
let platform: RunningPlatform;
let token: string;

beforeAll(async () => {
  platform = await platforms.start({ REDIS_URL: 'redis://127.0.0.1:6379', APQ_TTL_SECONDS: '300' });
  token = await tokenFor('reception@acme.test');
});
afterAll(() => redis.disconnect());

/** A document no earlier run has registered (its operation name is unique). */
const uniqueQuery = (selection = 'practitioners(first: 2) { nodes { id } }') =>
  `query Q${randomUUID().replaceAll('-', '')} { ${selection} }`;

describe('APQ on /graphql', () => {
  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND', async () => {
    const response = await postById(platform.gatewayUrl, token, sha256(uniqueQuery()));
    expect(codes(response)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('registers a document with its hash in Redis (with the TTL), then serves the hash alone', async () => {
    const query = uniqueQuery();
    const id = sha256(query);
    const registered = await postById(platform.gatewayUrl, token, id, { query });
    expect(codes(registered)).toEqual([]);
    expect(await redis.ttl(`caregraph:apq:${id}`)).toBeGreaterThan(250);
    const hit = await postById(platform.gatewayUrl, token, id);
    expect(hit.body.data).toEqual(registered.body.data);
  });

  it('refuses a hash that is not the document hash with BAD_USER_INPUT', async () => {
    const query = uniqueQuery();
    const response = await postById(platform.gatewayUrl, token, sha256(`${query} `), { query });
    expect(response.body.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'extensions.persistedQuery.sha256Hash'],
    ]);
  });

  it.each([
    [
      'too deep',
      `patients(first: 1) { nodes { ${'appointments(first: 1) { nodes { patient { '.repeat(4)} id ${'} } } '.repeat(4)} } }`,
      'DEPTH_LIMIT_EXCEEDED',
    ],
    ['too costly', 'appointments(first: 99999999) { nodes { id } }', 'COST_LIMIT_EXCEEDED'],
  ])('never stores a %s document', async (_name, selection, code) => {
    const query = uniqueQuery(selection);
    const id = sha256(query);
    expect(codes(await postById(platform.gatewayUrl, token, id, { query }))).toEqual([code]);
    expect(await redis.exists(`caregraph:apq:${id}`)).toBe(0);
    expect(codes(await postById(platform.gatewayUrl, token, id))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });
});
