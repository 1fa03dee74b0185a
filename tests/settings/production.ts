// A production configuration for settings rows: an identity provider key of the test's own, and tokens it signs.
import { generateKeyPair } from 'jose';
import { productionEnv } from '../support/production';
import type { RowContext } from './harness';
import { privateRedis } from './private-redis';
import { signedToken } from './requests';

/** Asks for the schema's query type: refused in production to roles outside INTROSPECTION_ROLES. */
export const INTROSPECTION = '{ __schema { queryType { name } } }';

export interface ProductionFixture {
  /** NODE_ENV=production: the test database, the file's own Redis, the provider's public key, assertion keys. */
  env: NodeJS.ProcessEnv;
  /** A token for a seeded login signed by the provider (ES256, dev issuer and audience). */
  tokenFor(login: string): Promise<string>;
}

/** Made once for the file. Its Redis is the file's own, so no other suite's ledger writer reads its access events. */
export const production = (context: RowContext): Promise<ProductionFixture> =>
  context.shared('production', async () => {
    const idp = await generateKeyPair('ES256', { extractable: true });
    return {
      env: await productionEnv(idp.publicKey, { REDIS_URL: (await privateRedis(context)).url }),
      tokenFor: (login) => signedToken(login, { key: idp.privateKey }),
    };
  });
