// Production posture: no introspection (but for configured roles), no schema hints in errors, no IDE.
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '@caregraph/gateway';
import type { Database } from '@caregraph/platform';
import { TEST_AUTH, identityOf, openTestDatabase, postGraphQL } from '@caregraph/platform/testing';
import { startTestPlatform } from './support/platform';
import { productionEnv } from './support/production';
import { codes } from './support/probes';

let database: Database;
let platform: RunningPlatform;
let idpKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

async function tokenFrom(login: string) {
  const identity = identityOf(login);
  return new SignJWT({ tenant_id: identity.tenantId, roles: identity.roles })
    .setProtectedHeader({ alg: 'ES256' })
    .setSubject(identity.userId)
    .setIssuer(TEST_AUTH.AUTH_ISSUER)
    .setAudience(TEST_AUTH.AUTH_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(idpKey);
}

beforeAll(async () => {
  const idp = await generateKeyPair('ES256', { extractable: true });
  idpKey = idp.privateKey;
  database = await openTestDatabase();
  platform = await startTestPlatform(database, await productionEnv(idp.publicKey, { INTROSPECTION_ROLES: 'admin' }));
});
afterAll(async () => {
  await platform?.stop();
  await database?.close();
});

const INTROSPECTION = '{ __schema { types { name } } }';

describe('NODE_ENV=production', () => {
  it('refuses introspection to a doctor, naming no type, before any subgraph call', async () => {
    const before = platform.stats.subgraphFetches;
    const response = await postGraphQL(platform.gatewayUrl, {
      query: INTROSPECTION,
      token: await tokenFrom('doctor@acme.test'),
    });
    expect(codes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(response.text).not.toMatch(/Patient|Appointment|Prescription/);
    expect(platform.stats.subgraphFetches).toBe(before);
  });

  it('allows introspection to the roles in INTROSPECTION_ROLES', async () => {
    const response = await postGraphQL(platform.gatewayUrl, {
      query: INTROSPECTION,
      token: await tokenFrom('admin@acme.test'),
    });
    expect(codes(response)).toEqual([]);
    expect(response.text).toContain('"Patient"');
  });

  it('answers a misspelled field without suggesting the real one', async () => {
    const response = await postGraphQL(platform.gatewayUrl, {
      query: '{ patinets(first: 1) { nodes { id } } }',
      token: await tokenFrom('admin@acme.test'),
    });
    expect(codes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(response.text).not.toContain('Did you mean');
    expect(response.text).not.toContain('patients');
  });

  it('serves no landing page or IDE', async () => {
    const response = await fetch(platform.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(await response.text()).not.toMatch(/<html|sandbox/i);
  });
});
