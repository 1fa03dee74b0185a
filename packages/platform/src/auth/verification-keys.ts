// The keys user tokens are verified with: the provider's JWKS, one configured PEM key per algorithm, or the dev key.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, importSPKI, type CryptoKey, type JWTVerifyGetKey } from 'jose';
import { ConfigError, type Config } from '../config';
import type { DevKeys } from './dev-keys';

/** The key type (and curve) each accepted algorithm needs. */
const KEY_TYPES: Record<Config['AUTH_ALGORITHMS'][number], (key: KeyObject) => boolean> = {
  ES256: (key) => key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1',
  ES384: (key) => key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'secp384r1',
  RS256: (key) => key.asymmetricKeyType === 'rsa',
  PS256: (key) => key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss',
  EdDSA: (key) => key.asymmetricKeyType === 'ed25519',
};

function describeKey(key: KeyObject): string {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return curve ? `an ${key.asymmetricKeyType} key on ${curve}` : `an ${key.asymmetricKeyType} key`;
}

/**
 * Imports AUTH_PUBLIC_KEY once for every algorithm in AUTH_ALGORITHMS. A key that is not a
 * public key, or that cannot verify one of the listed algorithms (an RSA key with ES256), stops
 * the start with a ConfigError naming the variables.
 */
async function importConfiguredPublicKey(
  pem: string,
  algorithms: Config['AUTH_ALGORITHMS'],
): Promise<Map<string, CryptoKey>> {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new ConfigError(
      'Invalid configuration:\n  AUTH_PUBLIC_KEY: not a PEM public key (SPKI, -----BEGIN PUBLIC KEY-----)',
    );
  }
  const keys = new Map<string, CryptoKey>();
  for (const alg of algorithms) {
    if (!KEY_TYPES[alg](key)) {
      throw new ConfigError(
        `Invalid configuration:\n  AUTH_ALGORITHMS: ${alg} cannot be verified with AUTH_PUBLIC_KEY (${describeKey(key)})`,
      );
    }
    keys.set(alg, await importSPKI(pem, alg));
  }
  return keys;
}

/** The key source for jose: AUTH_JWKS_URL, AUTH_PUBLIC_KEY, or (outside production) the development key. */
export async function resolveVerificationKeys(config: Config, devKeys?: DevKeys): Promise<JWTVerifyGetKey> {
  if (config.AUTH_JWKS_URL)
    return createRemoteJWKSet(new URL(config.AUTH_JWKS_URL), {
      cooldownDuration: config.AUTH_JWKS_COOLDOWN_SECONDS * 1000,
      timeoutDuration: 5000,
    });
  if (config.AUTH_PUBLIC_KEY) {
    const keys = await importConfiguredPublicKey(config.AUTH_PUBLIC_KEY, config.AUTH_ALGORITHMS);
    // jose has already refused any alg outside AUTH_ALGORITHMS; each gets the key imported for it.
    return async ({ alg }) => keys.get(alg)!;
  }
  if (!devKeys || config.NODE_ENV === 'production') {
    throw new ConfigError('Invalid configuration:\n  AUTH_JWKS_URL: set AUTH_JWKS_URL or AUTH_PUBLIC_KEY');
  }
  return createLocalJWKSet({ keys: [devKeys.token.publicJwk] });
}
