// Identity plumbing from the attacker's side: bad tokens at the gateway, direct calls to subgraphs.
import { exportPKCS8, generateKeyPair, SignJWT, importPKCS8 } from 'jose';
import { describe, expect, it } from 'vitest';
import { ASSERTION_HEADER, createAssertionSigner, signDevToken } from '@caregraph/platform';
import { TEST_AUTH, identityOf, postGraphQL, testDevKeys, tokenFor } from '@caregraph/platform/testing';
import { useTestPlatform } from './support/platform';

const harness = useTestPlatform();
const doctor = identityOf('doctor@acme.test');
const patientQuery = '{ patients(first: 1) { nodes { id name { family } insuranceNumber } } }';

async function signWith(
  claims: Record<string, unknown>,
  options: { alg?: string; key?: 'dev' | 'other'; iss?: string; aud?: string; exp?: number } = {},
) {
  const alg = options.alg ?? 'ES256';
  const pem =
    options.key === 'other'
      ? await exportPKCS8((await generateKeyPair(alg, { extractable: true })).privateKey)
      : (await testDevKeys()).token.privateKeyPem;
  return new SignJWT(claims)
    .setProtectedHeader({ alg, kid: (await testDevKeys()).token.kid })
    .setIssuer(options.iss ?? TEST_AUTH.AUTH_ISSUER)
    .setAudience(options.aud ?? TEST_AUTH.AUTH_AUDIENCE)
    .setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 300)
    .sign(await importPKCS8(pem, alg));
}

const validClaims = { sub: doctor.userId, tenant_id: 'acme', roles: ['doctor'] };

describe('gateway refuses requests without a valid token', () => {
  const refused: Array<[string, () => Promise<Record<string, string>>]> = [
    ['no Authorization header', async () => ({})],
    ['a non-Bearer scheme', async () => ({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` })],
    ['a malformed token', async () => ({ authorization: 'Bearer not.a.jwt' })],
    [
      'an expired token',
      async () => ({ authorization: `Bearer ${await signDevToken(await testDevKeys(), TEST_AUTH, doctor, -60)}` }),
    ],
    [
      'a token signed by another key',
      async () => ({ authorization: `Bearer ${await signWith(validClaims, { key: 'other' })}` }),
    ],
    [
      'a token from another issuer',
      async () => ({ authorization: `Bearer ${await signWith(validClaims, { iss: 'evil' })}` }),
    ],
    [
      'a token for another audience',
      async () => ({ authorization: `Bearer ${await signWith(validClaims, { aud: 'other-app' })}` }),
    ],
    [
      'a token without a tenant',
      async () => ({ authorization: `Bearer ${await signWith({ sub: doctor.userId, roles: ['doctor'] })}` }),
    ],
    [
      'a token with an unknown role',
      async () => ({ authorization: `Bearer ${await signWith({ ...validClaims, roles: ['superuser'] })}` }),
    ],
    [
      'an unsigned (alg none) token',
      async () => {
        const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
        const payload = {
          ...validClaims,
          iss: TEST_AUTH.AUTH_ISSUER,
          aud: TEST_AUTH.AUTH_AUDIENCE,
          exp: Math.floor(Date.now() / 1000) + 300,
        };
        return { authorization: `Bearer ${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.` };
      },
    ],
  ];

  it.each(refused)('401 UNAUTHENTICATED for %s, with no data', async (_name, headers) => {
    const response = await postGraphQL(harness.platform.gatewayUrl, { query: patientQuery, headers: await headers() });
    expect(response.status).toBe(401);
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(response.text).not.toMatch(/"family"|insuranceNumber"\s*:\s*"/);
  });

  it('accepts a valid development token (control)', async () => {
    const response = await postGraphQL(harness.platform.gatewayUrl, {
      query: patientQuery,
      token: await tokenFor('admin@acme.test'),
    });
    expect(response.status).toBe(200);
    expect(response.body.data?.patients.nodes).toHaveLength(1);
  });
});

describe('subgraphs accept only the gateway signed assertion', () => {
  const entities = {
    query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { id insuranceNumber } } }',
    variables: { r: [{ __typename: 'Patient', id: '00000000-0000-4000-8000-000000000000' }] },
  };

  async function assertionFor(audience: string, requestId: string, privateKeyPem?: string) {
    const sign = await createAssertionSigner(privateKeyPem ?? (await testDevKeys()).assertion.privateKeyPem, 30);
    return sign(identityOf('admin@acme.test'), audience, requestId);
  }

  it.each([
    ['a query', { query: patientQuery }],
    ['an _entities call', entities],
    ['a _service call', { query: '{ _service { sdl } }' }],
  ])('401 for %s without an assertion, with no data', async (_name, request) => {
    const response = await postGraphQL(harness.platform.subgraphUrls.patient, request);
    expect(response.status).toBe(401);
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.text).not.toContain('type Patient');
  });

  it('401 for an assertion minted for another subgraph', async () => {
    const headers = {
      [ASSERTION_HEADER]: await assertionFor('appointment', 'req-00000001'),
      'x-request-id': 'req-00000001',
    };
    const response = await postGraphQL(harness.platform.subgraphUrls.patient, { query: patientQuery, headers });
    expect(response.status).toBe(401);
  });

  it('401 for an assertion replayed under another request id', async () => {
    const headers = {
      [ASSERTION_HEADER]: await assertionFor('patient', 'req-00000001'),
      'x-request-id': 'req-00000002',
    };
    const response = await postGraphQL(harness.platform.subgraphUrls.patient, { query: patientQuery, headers });
    expect(response.status).toBe(401);
  });

  it('401 for an assertion signed by a key other than the gateway key', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    const forged = await assertionFor('patient', 'req-00000003', await exportPKCS8(privateKey));
    const response = await postGraphQL(harness.platform.subgraphUrls.patient, {
      query: patientQuery,
      headers: { [ASSERTION_HEADER]: forged, 'x-request-id': 'req-00000003' },
    });
    expect(response.status).toBe(401);
  });

  it('answers a request carrying a valid assertion (control)', async () => {
    const headers = {
      [ASSERTION_HEADER]: await assertionFor('patient', 'req-00000004'),
      'x-request-id': 'req-00000004',
    };
    const response = await postGraphQL(harness.platform.subgraphUrls.patient, { query: patientQuery, headers });
    expect(response.status).toBe(200);
    expect(response.body.data?.patients.nodes).toHaveLength(1);
  });
});
