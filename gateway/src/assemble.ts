// Assembles the gateway from configuration: keys, shared state (Redis or in process), supergraphs, token verifier.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  ConfigError,
  assertionKeysArePair,
  createAssertionSigner,
  createTokenVerifier,
  type Config,
  type DevKeys,
  type Logger,
  type SubgraphName,
} from '@caregraph/platform';
import { createGateway, type GatewayApp } from './server';
import { createSharedState } from './shared-state';

export interface AssembledGateway extends GatewayApp {
  /** Stops the graph servers, then releases the shared state. */
  close(): Promise<void>;
}

/**
 * The assertion private key must be Ed25519 and, where the public key is configured too, its
 * pair: a probe is signed and verified, so a mismatch stops the start instead of every request
 * answering 401.
 */
async function checkAssertionKeys(privateKey: string, publicKey: string | undefined): Promise<void> {
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKey);
  } catch {
    throw new ConfigError('Invalid configuration:\n  ASSERTION_PRIVATE_KEY: not a PEM private key (PKCS#8)');
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError(
      `Invalid configuration:\n  ASSERTION_PRIVATE_KEY: must be an Ed25519 key, not ${key.asymmetricKeyType}`,
    );
  }
  if (publicKey && !(await assertionKeysArePair(privateKey, publicKey))) {
    throw new ConfigError(
      'Invalid configuration:\n  ASSERTION_PUBLIC_KEY: is not the public key of ASSERTION_PRIVATE_KEY (a signed probe did not verify)',
    );
  }
}

/** The gateway app for these subgraph URLs; `devKeys` only outside production. */
export async function assembleGateway(
  config: Config,
  log: Logger,
  subgraphUrls: Record<SubgraphName, string>,
  devKeys?: DevKeys,
): Promise<AssembledGateway> {
  const privateKey = config.ASSERTION_PRIVATE_KEY ?? devKeys?.assertion.privateKeyPem;
  if (!privateKey) throw new ConfigError('Invalid configuration:\n  ASSERTION_PRIVATE_KEY: required');
  await checkAssertionKeys(privateKey, config.ASSERTION_PUBLIC_KEY ?? devKeys?.assertion.publicKeyPem);
  const shared = await createSharedState(config, log);
  const gateway = await createGateway({
    config,
    bucket: shared.bucket,
    apqCache: shared.apqCache,
    supergraphSdl: readFileSync(config.SUPERGRAPH_PATH, 'utf8'),
    analyticsSupergraphSdl: readFileSync(config.ANALYTICS_SUPERGRAPH_PATH, 'utf8'),
    subgraphUrls,
    verifyToken: await createTokenVerifier(config, devKeys),
    signAssertion: await createAssertionSigner(privateKey, config.ASSERTION_TTL_SECONDS),
    log,
  });
  return {
    ...gateway,
    close: async () => {
      await gateway.stop();
      await shared.close();
    },
  };
}
