// The configuration of a production-mode platform in tests: real keys, no development defaults.
import { exportSPKI, type generateKeyPair } from 'jose';
import { testDatabaseUrl, testDevKeys } from '@caregraph/platform/testing';

type PublicKey = Awaited<ReturnType<typeof generateKeyPair>>['publicKey'];

/** NODE_ENV=production with the test database, local Redis, an identity provider key and assertion keys. */
export async function productionEnv(
  idpPublicKey: PublicKey,
  extra: NodeJS.ProcessEnv = {},
): Promise<NodeJS.ProcessEnv> {
  const keys = await testDevKeys();
  return {
    NODE_ENV: 'production',
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL: 'redis://127.0.0.1:6379',
    ANALYTICS_PSEUDONYM_KEY: 'production-like-pseudonym-key',
    AUDIT_CHECKPOINT_KEY: 'production-like-checkpoint-key',
    AUTH_PUBLIC_KEY: await exportSPKI(idpPublicKey),
    ASSERTION_PUBLIC_KEY: keys.assertion.publicKeyPem,
    ASSERTION_PRIVATE_KEY: keys.assertion.privateKeyPem,
    ...extra,
  };
}
