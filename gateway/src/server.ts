// createGateway: the edge (request id, transport limits, health) in front of the main and analytics graphs.
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import express from 'express';
import type { AssertionSigner, Config, Logger, SubgraphName, TokenVerifier } from '@caregraph/platform';
import type { CostBucket } from './budget/bucket';
import type { FetchStats } from './datasource';
import { createTrustedDocuments } from './documents/trusted-documents';
import { Door } from './doors';
import { createGraphServer } from './graph-server';
import { mountHealth } from './health';
import { assignRequestId } from './request-id';
import { createTrafficPolicies, trafficReport } from './traffic/policies';
import { bodyErrors, jsonBody, limitBatches, trustProxies } from './transport';

export interface GatewayOptions {
  config: Config;
  /** The full supergraph (/graphql) and the analytics contract's supergraph (/analytics/graphql). */
  supergraphSdl: string;
  analyticsSupergraphSdl: string;
  subgraphUrls: Record<SubgraphName, string>;
  verifyToken: TokenVerifier;
  signAssertion: AssertionSigner;
  bucket: CostBucket;
  apqCache: KeyValueCache<string>;
  log: Logger;
}

export interface GatewayApp {
  app: express.Express;
  /** Subgraph fetches made so far (tests assert that refused requests made none). */
  stats: FetchStats;
  /** Re-reads the trusted-document manifests (SIGHUP); false when a bad one left the previous in force. */
  reloadTrustedDocuments(): boolean;
  stop(): Promise<void>;
}

export async function createGateway(options: GatewayOptions): Promise<GatewayApp> {
  const { config } = options;
  const stats: FetchStats = { subgraphFetches: 0, representations: 0 };
  const trustedDocuments = createTrustedDocuments(config, options.log);
  const traffic = createTrafficPolicies(config);
  const shared = { ...options, stats, trustedDocuments, traffic };
  const main = await createGraphServer({ ...shared, door: Door.Main });
  const analytics = await createGraphServer({
    ...shared,
    door: Door.Analytics,
    supergraphSdl: options.analyticsSupergraphSdl,
  });

  const app = express();
  app.disable('x-powered-by');
  trustProxies(app, config);
  mountHealth(app, options.subgraphUrls, () => trafficReport(traffic));
  const edge = [assignRequestId, jsonBody(config), limitBatches(config)];
  app.use('/graphql', ...edge, main.middleware);
  app.use('/analytics/graphql', ...edge, analytics.middleware);
  app.use(bodyErrors);
  return {
    app,
    stats,
    reloadTrustedDocuments: trustedDocuments.reload,
    stop: async () => {
      await main.stop();
      await analytics.stop();
    },
  };
}
