// Assembles the gateway from configuration: keys, shared state (Redis or in process), supergraphs, token verifier.
import { readFileSync } from 'node:fs';
import {
  ConfigError,
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

/** The gateway app for these subgraph URLs; `devKeys` only outside production. */
export async function assembleGateway(
  config: Config,
  log: Logger,
  subgraphUrls: Record<SubgraphName, string>,
  devKeys?: DevKeys,
): Promise<AssembledGateway> {
  const privateKey = config.ASSERTION_PRIVATE_KEY ?? devKeys?.assertion.privateKeyPem;
  if (!privateKey) throw new ConfigError('Invalid configuration:\n  ASSERTION_PRIVATE_KEY: required');
  const signAssertion = await createAssertionSigner(
    privateKey,
    config.ASSERTION_TTL_SECONDS,
    config.ASSERTION_PUBLIC_KEY ?? devKeys?.assertion.publicKeyPem,
  );
  const verifyToken = await createTokenVerifier(config, devKeys);
  // Connections are opened only once the keys are known to work: a bad key leaves nothing open.
  const shared = await createSharedState(config, log);
  const gateway = await createGateway({
    config,
    bucket: shared.bucket,
    apqCache: shared.apqCache,
    supergraphSdl: readFileSync(config.SUPERGRAPH_PATH, 'utf8'),
    analyticsSupergraphSdl: readFileSync(config.ANALYTICS_SUPERGRAPH_PATH, 'utf8'),
    subgraphUrls,
    verifyToken,
    signAssertion,
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
