// Keys that cannot work stop the start with a message naming the variable, instead of a stack trace or every request failing.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT, importPKCS8 } from 'jose';
import { describe, expect, it } from 'vitest';
import { TEST_AUTH, identityOf, postGraphQL } from '@caregraph/platform/testing';
import { usePlatforms } from './support/platform';

const platforms = usePlatforms();
/** A key pair as PEM strings, the way the variables hold them. */
function pemPair(pair: { publicKey: KeyObject; privateKey: KeyObject }) {
  return {
    publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}
const rsa = pemPair(generateKeyPairSync('rsa', { modulusLength: 2048 }));
const p256 = pemPair(generateKeyPairSync('ec', { namedCurve: 'P-256' }));
const ed25519 = pemPair(generateKeyPairSync('ed25519'));
const otherEd25519 = pemPair(generateKeyPairSync('ed25519'));

async function startError(env: NodeJS.ProcessEnv): Promise<{ name: string; message: string }> {
  try {
    await platforms.start(env);
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  return { name: 'started', message: '' };
}

const invalid = (variable: string, reason: string) => ({
  name: 'ConfigError',
  message: `Invalid configuration:\n  ${variable}: ${reason}`,
});

describe('the start refuses keys that cannot work', () => {
  it('an RSA AUTH_PUBLIC_KEY with the default ES256', async () => {
    expect(await startError({ AUTH_PUBLIC_KEY: rsa.publicKey })).toEqual(
      invalid('AUTH_ALGORITHMS', 'ES256 cannot be verified with AUTH_PUBLIC_KEY (an rsa key)'),
    );
  });

  it('a P-256 AUTH_PUBLIC_KEY with AUTH_ALGORITHMS=ES256,ES384', async () => {
    expect(await startError({ AUTH_PUBLIC_KEY: p256.publicKey, AUTH_ALGORITHMS: 'ES256,ES384' })).toEqual(
      invalid('AUTH_ALGORITHMS', 'ES384 cannot be verified with AUTH_PUBLIC_KEY (an ec key on prime256v1)'),
    );
  });

  it('an AUTH_PUBLIC_KEY that is not a PEM public key', async () => {
    expect(
      await startError({ AUTH_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----' }),
    ).toEqual(invalid('AUTH_PUBLIC_KEY', 'not a PEM public key (SPKI, -----BEGIN PUBLIC KEY-----)'));
  });

  it('an ASSERTION_PRIVATE_KEY that is not the pair of ASSERTION_PUBLIC_KEY', async () => {
    expect(
      await startError({ ASSERTION_PRIVATE_KEY: ed25519.privateKey, ASSERTION_PUBLIC_KEY: otherEd25519.publicKey }),
    ).toEqual(
      invalid('ASSERTION_PUBLIC_KEY', 'is not the public key of ASSERTION_PRIVATE_KEY (a signed probe did not verify)'),
    );
  });

  it('an ASSERTION_PRIVATE_KEY that is not Ed25519', async () => {
    expect(
      await startError({ ASSERTION_PRIVATE_KEY: p256.privateKey, ASSERTION_PUBLIC_KEY: ed25519.publicKey }),
    ).toEqual(invalid('ASSERTION_PRIVATE_KEY', 'must be an Ed25519 key, not ec'));
  });

  it('an ASSERTION_PUBLIC_KEY that is not a key', async () => {
    expect(await startError({ ASSERTION_PUBLIC_KEY: 'not a key' })).toEqual(
      invalid('ASSERTION_PUBLIC_KEY', 'not an Ed25519 PEM public key (SPKI)'),
    );
  });
});

describe('AUTH_ALGORITHMS with several algorithms', () => {
  it('verifies tokens of every listed algorithm with the one RSA key (RS256 and PS256)', async () => {
    const platform = await platforms.start({ AUTH_PUBLIC_KEY: rsa.publicKey, AUTH_ALGORITHMS: 'RS256,PS256' });
    const doctor = identityOf('doctor@acme.test');
    for (const alg of ['RS256', 'PS256']) {
      const token = await new SignJWT({ tenant_id: 'acme', roles: ['doctor'] })
        .setProtectedHeader({ alg })
        .setSubject(doctor.userId)
        .setIssuer(TEST_AUTH.AUTH_ISSUER)
        .setAudience(TEST_AUTH.AUTH_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(await importPKCS8(rsa.privateKey, alg));
      const response = await postGraphQL(platform.gatewayUrl, { query: '{ me { userId } }', token });
      expect([alg, response.status, response.body.data]).toEqual([alg, 200, { me: { userId: doctor.userId } }]);
    }
  });
});
