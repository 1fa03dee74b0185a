// The gateway's signed identity assertion: minted for one subgraph request (its exact body), verified once by that subgraph.
import { createHash, randomUUID } from 'node:crypto';
import { SignJWT, errors as joseErrors, importPKCS8, importSPKI, jwtVerify } from 'jose';
import { ConfigError } from '../config';
import { unauthenticated } from '../errors';
import type { AssertionReplayGuard } from './replay-guard';
import { claimsFromIdentity, identityClaims, identityFromClaims, type Identity } from './identity';

export const ASSERTION_HEADER = 'x-caregraph-assertion';
export const REQUEST_ID_HEADER = 'x-request-id';
const ALG = 'EdDSA';
const ISSUER = 'caregraph-gateway';
const TYPE = 'caregraph-assertion+jwt';
const MAX_AGE_SECONDS = 60;
const CLOCK_TOLERANCE_SECONDS = 5;

/** What one assertion is bound to besides the caller: the subgraph, the request id and the body's hash. */
export interface AssertionBinding {
  audience: string;
  requestId: string;
  bodyHash: string;
}

export type AssertionSigner = (identity: Identity, binding: AssertionBinding) => Promise<string>;
export type AssertionVerifier = (
  assertion: string | undefined,
  binding: Omit<AssertionBinding, 'audience'>,
) => Promise<Identity>;

/** SHA-256 of the exact request body bytes, base64url: the `bh` claim. */
export function bodyHash(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64url');
}

/** Signs assertions (Ed25519) with the gateway's private key: one per subgraph request, with a unique id. */
export async function createAssertionSigner(privateKeyPem: string, ttlSeconds: number): Promise<AssertionSigner> {
  const key = await importPKCS8(privateKeyPem, ALG);
  return (identity, { audience, requestId, bodyHash: bh }) =>
    new SignJWT({ ...claimsFromIdentity(identity), rid: requestId, bh })
      .setProtectedHeader({ alg: ALG, typ: TYPE })
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(key);
}

/**
 * Verifies an assertion for this subgraph (`audience`): EdDSA signature, type, issuer, audience,
 * expiry, age at most a minute, the request id and body hash of the request that carries it,
 * and — through the replay guard — that its id has not been used before.
 */
export async function createAssertionVerifier(
  publicKeyPem: string,
  audience: string,
  replays: AssertionReplayGuard,
): Promise<AssertionVerifier> {
  const key = await importSPKI(publicKeyPem, ALG).catch(() => {
    throw new ConfigError('Invalid configuration:\n  ASSERTION_PUBLIC_KEY: not an Ed25519 PEM public key (SPKI)');
  });
  return async (assertion, binding) => {
    if (!assertion) throw unauthenticated('Requests must come through the gateway');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(assertion, key, {
        algorithms: [ALG],
        typ: TYPE,
        issuer: ISSUER,
        audience,
        maxTokenAge: MAX_AGE_SECONDS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'iat', 'jti', 'rid', 'bh'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) throw unauthenticated('Assertion is invalid');
      throw error;
    }
    if (payload.rid !== binding.requestId || payload.bh !== binding.bodyHash) {
      throw unauthenticated('Assertion does not match the request');
    }
    const claims = identityClaims.safeParse(payload);
    if (!claims.success) throw unauthenticated('Assertion claims are invalid');
    if (!(await replays.claim(payload.jti as string, payload.exp as number))) {
      throw unauthenticated('Assertion has already been used');
    }
    return identityFromClaims(claims.data);
  };
}

/**
 * Signs a probe and verifies it: a private key that is not the public key's pair is found at
 * start, not by every request answering 401.
 */
export async function assertionKeysArePair(privateKeyPem: string, publicKeyPem: string): Promise<boolean> {
  try {
    const probe = await new SignJWT({}).setProtectedHeader({ alg: ALG }).sign(await importPKCS8(privateKeyPem, ALG));
    await jwtVerify(probe, await importSPKI(publicKeyPem, ALG), { algorithms: [ALG] });
    return true;
  } catch {
    return false;
  }
}
