// Identity plumbing from the attacker's side: bad tokens at the gateway, direct calls to subgraphs.
import { exportPKCS8, generateKeyPair, SignJWT, importPKCS8 } from 'jose';
import { describe, expect, it } from 'vitest';
import { ASSERTION_HEADER, signDevToken } from '@caregraph/platform';
import {
  TEST_AUTH,
  identityOf,
  postGraphQL,
  postRaw,
  signedSubgraphRequest,
  testDevKeys,
  tokenFor,
} from '@caregraph/platform/testing';
import { useTestPlatform } from './support/platform';

const harness = useTestPlatform();
const doctor = identityOf('doctor@acme.test');
const patientQuery = '{ patients(first: 1) { nodes { id name { family } insuranceNumber } } }';

async function signWith(
  claims: Record<string, unknown>,
  options: { alg?: string; key?: 'dev' | 'other'; iss?: string; aud?: string; exp?: number; iat?: number | null } = {},
) {
  const alg = options.alg ?? 'ES256';
  const pem =
    options.key === 'other'
      ? await exportPKCS8((await generateKeyPair(alg, { extractable: true })).privateKey)
      : (await testDevKeys()).token.privateKeyPem;
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg, kid: (await testDevKeys()).token.kid })
    .setIssuer(options.iss ?? TEST_AUTH.AUTH_ISSUER)
    .setAudience(options.aud ?? TEST_AUTH.AUTH_AUDIENCE)
    .setExpirationTime(options.exp ?? now + 300);
  if (options.iat !== null) jwt.setIssuedAt(options.iat ?? now);
  return jwt.sign(await importPKCS8(pem, alg));
}

const bearer = async (...args: Parameters<typeof signWith>) => ({ authorization: `Bearer ${await signWith(...args)}` });
const NOW = () => Math.floor(Date.now() / 1000);
const patient1 = identityOf('patient1@acme.test');
const partner = identityOf('partner@acme.test');

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
    ['a token without iat', () => bearer(validClaims, { iat: null })],
    ['a token issued ten minutes in the future', () => bearer(validClaims, { iat: NOW() + 600, exp: NOW() + 900 })],
    ['a token that expires in the year 9999', () => bearer(validClaims, { exp: 253_402_300_799 })],
    [
      'a token issued two hours ago, still unexpired',
      () => bearer(validClaims, { iat: NOW() - 7200, exp: NOW() + 60 }),
    ],
    ['a patient token without patient_id', () => bearer({ ...validClaims, sub: patient1.userId, roles: ['patient'] })],
    ['a doctor token carrying a patient_id', () => bearer({ ...validClaims, patient_id: patient1.patientId })],
    ['a partner token without client_id', () => bearer({ sub: partner.userId, tenant_id: 'acme', roles: ['partner'] })],
    [
      'a patient token that also claims admin',
      () => bearer({ ...validClaims, roles: ['patient', 'admin'], patient_id: patient1.patientId }),
    ],
    [
      'a partner token that also claims doctor',
      () => bearer({ ...validClaims, roles: ['partner', 'doctor'], client_id: 'partner-booking' }),
    ],
  ];

  it.each(refused)('401 UNAUTHENTICATED for %s, with no data', async (_name, headers) => {
    const response = await postGraphQL(harness.platform.gatewayUrl, { query: patientQuery, headers: await headers() });
    expect(response.status).toBe(401);
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(response.text).not.toMatch(/"family"|insuranceNumber"\s*:\s*"/);
  });

  it('accepts a token issued a few seconds ahead of the gateway clock, within the allowed skew (control)', async () => {
    const response = await postGraphQL(harness.platform.gatewayUrl, {
      query: '{ me { userId } }',
      headers: await bearer(validClaims, { iat: NOW() + 10, exp: NOW() + 600 }),
    });
    expect(response.status).toBe(200);
    expect(response.body.data?.me).toEqual({ userId: doctor.userId });
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

  const admin = identityOf('admin@acme.test');
  const url = () => harness.platform.subgraphUrls.patient;
  const otherQuery = '{ patients(first: 5) { nodes { id mrn insuranceNumber } } }';

  it.each([
    ['a query', { query: patientQuery }],
    ['an _entities call', entities],
    ['a _service call', { query: '{ _service { sdl } }' }],
  ])('401 for %s without an assertion, with no data', async (_name, request) => {
    const response = await postGraphQL(url(), request);
    expect(response.status).toBe(401);
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.text).not.toContain('type Patient');
  });

  it('401 for an assertion minted for another subgraph', async () => {
    const signed = await signedSubgraphRequest('appointment', admin, { query: patientQuery });
    expectRefused(await postRaw(url(), signed.body, signed.headers));
  });

  it('401 for an assertion replayed under another request id', async () => {
    const signed = await signedSubgraphRequest('patient', admin, { query: patientQuery });
    expectRefused(await postRaw(url(), signed.body, { ...signed.headers, 'x-request-id': 'req-00000002' }));
  });

  it('401 for a captured assertion sent with another body, five times', async () => {
    const signed = await signedSubgraphRequest('patient', admin, { query: patientQuery });
    for (let i = 1; i <= 5; i++) {
      const body = JSON.stringify({ query: otherQuery, variables: { attempt: i } });
      expectRefused(await postRaw(url(), body, signed.headers));
    }
  });

  it('401 for the second use of an assertion with its own body', async () => {
    const signed = await signedSubgraphRequest('patient', admin, { query: patientQuery });
    expect((await postRaw(url(), signed.body, signed.headers)).status).toBe(200);
    expectRefused(await postRaw(url(), signed.body, signed.headers));
  });

  it('401 for an assertion signed with the gateway key but bound to no body', async () => {
    const key = await importPKCS8((await testDevKeys()).assertion.privateKeyPem, 'EdDSA');
    const assertion = await new SignJWT({ sub: admin.userId, tenant_id: 'acme', roles: ['admin'], rid: 'req-00000005' })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'caregraph-assertion+jwt' })
      .setIssuer('caregraph-gateway')
      .setAudience('patient')
      .setJti('jti-00000005')
      .setIssuedAt()
      .setExpirationTime('30s')
      .sign(key);
    const headers = { [ASSERTION_HEADER]: assertion, 'x-request-id': 'req-00000005' };
    expectRefused(await postRaw(url(), JSON.stringify({ query: patientQuery }), headers));
  });

  it('401 for an assertion signed by a key other than the gateway key', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    const signed = await signedSubgraphRequest(
      'patient',
      admin,
      { query: patientQuery },
      { privateKeyPem: await exportPKCS8(privateKey) },
    );
    expectRefused(await postRaw(url(), signed.body, signed.headers));
  });

  it('answers a request carrying a valid assertion (control)', async () => {
    const signed = await signedSubgraphRequest('patient', admin, { query: patientQuery });
    const response = await postRaw(url(), signed.body, signed.headers);
    expect(response.status).toBe(200);
    expect(response.body.data?.patients.nodes).toHaveLength(1);
  });
});

function expectRefused(response: Awaited<ReturnType<typeof postRaw>>) {
  expect(response.status).toBe(401);
  expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  expect(response.body.data ?? null).toBeNull();
  expect(response.text).not.toMatch(/"mrn"|"family"|insuranceNumber"\s*:\s*"/);
}
