// The gateway's signed identity assertion: minted per subgraph fetch, verified by every subgraph.
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { unauthenticated } from '../errors';
import { claimsFromIdentity, identityClaims, identityFromClaims, type Identity } from './identity';

export const ASSERTION_HEADER = 'x-caregraph-assertion';
export const REQUEST_ID_HEADER = 'x-request-id';
const ISSUER = 'caregraph-gateway';
const TYPE = 'caregraph-assertion+jwt';
const MAX_AGE_SECONDS = 60;
const CLOCK_TOLERANCE_SECONDS = 5;
const HEADER = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: TYPE })).toString('base64url');

export type AssertionSigner = (identity: Identity, audience: string, requestId: string) => Promise<string>;
export type AssertionVerifier = (assertion: string | undefined, requestId: string | undefined) => Promise<Identity>;

/*
 * A compact JWS (EdDSA / Ed25519) signed and verified with node:crypto directly: one is made
 * for every subgraph fetch, and WebCrypto's asynchronous path was the gateway's largest CPU
 * cost under load. The claims are checked here as a JWT library would: alg and typ pinned,
 * signature, issuer, audience, expiry, age, request id.
 */

/** Signs assertions with the gateway's private key; each is bound to one subgraph and one request. */
export async function createAssertionSigner(privateKeyPem: string, ttlSeconds: number): Promise<AssertionSigner> {
  const key = createPrivateKey(privateKeyPem);
  return async (identity, audience, requestId) => {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      ...claimsFromIdentity(identity),
      rid: requestId,
      iss: ISSUER,
      aud: audience,
      iat: now,
      exp: now + ttlSeconds,
    };
    const input = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return `${input}.${sign(null, Buffer.from(input), key).toString('base64url')}`;
  };
}

/**
 * Verifies an assertion for this subgraph (`audience`): signature, issuer, audience, expiry,
 * age at most a minute, and that it was minted for the request id the request carries.
 */
export async function createAssertionVerifier(publicKeyPem: string, audience: string): Promise<AssertionVerifier> {
  const key = createPublicKey(publicKeyPem);
  return async (assertion, requestId) => {
    if (!assertion) throw unauthenticated('Requests must come through the gateway');
    const payload = verifiedPayload(assertion, key);
    const now = Math.floor(Date.now() / 1000);
    const valid =
      payload !== null &&
      payload.iss === ISSUER &&
      payload.aud === audience &&
      typeof payload.exp === 'number' &&
      payload.exp + CLOCK_TOLERANCE_SECONDS > now &&
      typeof payload.iat === 'number' &&
      payload.iat - CLOCK_TOLERANCE_SECONDS <= now &&
      now - payload.iat <= MAX_AGE_SECONDS;
    if (!valid) throw unauthenticated('Assertion is invalid');
    if (!requestId || payload.rid !== requestId) throw unauthenticated('Assertion does not match the request');
    const claims = identityClaims.safeParse(payload);
    if (!claims.success) throw unauthenticated('Assertion claims are invalid');
    return identityFromClaims(claims.data);
  };
}

function verifiedPayload(token: string, key: KeyObject): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return null;
  try {
    if (!verify(null, Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2]!, 'base64url'))) return null;
    const payload: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
