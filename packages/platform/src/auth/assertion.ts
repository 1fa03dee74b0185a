// The gateway's signed identity assertion: minted for one subgraph request (its exact body), verified once by that subgraph.
import { createHash, createPrivateKey, randomUUID } from 'node:crypto';
import { SignJWT, errors as joseErrors, importPKCS8, importSPKI, jwtVerify, type CryptoKey } from 'jose';
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

/**
 * Signs assertions (Ed25519) with the gateway's private key: one per subgraph request, with a
 * unique id. A key that is not Ed25519 — or, when `publicKeyPem` is given, not its pair (a probe
 * is signed and verified) — is a ConfigError, so a mismatch stops the start instead of every
 * request answering 401.
 */
export async function createAssertionSigner(
  privateKeyPem: string,
  ttlSeconds: number,
  publicKeyPem?: string,
): Promise<AssertionSigner> {
  const key = await importAssertionPrivateKey(privateKeyPem);
  if (publicKeyPem && !(await isPairOf(key, publicKeyPem))) {
    throw new ConfigError(
      'Invalid configuration:\n  ASSERTION_PUBLIC_KEY: is not the public key of ASSERTION_PRIVATE_KEY (a signed probe did not verify)',
    );
  }
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

async function importAssertionPrivateKey(pem: string): Promise<CryptoKey> {
  let type: string | undefined;
  try {
    type = createPrivateKey(pem).asymmetricKeyType;
  } catch {
    throw new ConfigError('Invalid configuration:\n  ASSERTION_PRIVATE_KEY: not a PEM private key (PKCS#8)');
  }
  if (type !== 'ed25519') {
    throw new ConfigError(`Invalid configuration:\n  ASSERTION_PRIVATE_KEY: must be an Ed25519 key, not ${type}`);
  }
  return importPKCS8(pem, ALG);
}

async function isPairOf(privateKey: CryptoKey, publicKeyPem: string): Promise<boolean> {
  try {
    const probe = await new SignJWT({}).setProtectedHeader({ alg: ALG }).sign(privateKey);
    await jwtVerify(probe, await importSPKI(publicKeyPem, ALG), { algorithms: [ALG] });
    return true;
  } catch {
    return false;
  }
}
