// One door of the graph: an ApolloServer over a federated gateway, with every limit, budget and mask of the edge.
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { expressMiddleware } from '@as-integrations/express5';
import type { RequestHandler } from 'express';
import { logUnexpectedErrors, type AssertionSigner, type Logger, type SubgraphName } from '@caregraph/platform';
import { createContextBuilder, type ContextOptions, type GatewayContext } from './context';
import { AssertingDataSource, type FetchStats } from './datasource';
import { formatGatewayError, requestLogPlugin } from './errors';
import { buildCostMap } from './limits/cost-map';
import { demandControlPlugin } from './limits/demand-control';
import { literalValuesRule } from './limits/literal-checks';
import { shapeRules } from './limits/shape-rules';
import type { TrafficPolicies } from './traffic/policies';

export interface GraphServerOptions extends ContextOptions {
  supergraphSdl: string;
  subgraphUrls: Record<SubgraphName, string>;
  signAssertion: AssertionSigner;
  apqCache: KeyValueCache<string>;
  stats: FetchStats;
  traffic: TrafficPolicies;
  log: Logger;
}

export interface GraphServer {
  middleware: RequestHandler;
  stop(): Promise<void>;
}

export async function createGraphServer(options: GraphServerOptions): Promise<GraphServer> {
  const { config, log } = options;
  const production = config.NODE_ENV === 'production';
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    logger: log,
    buildService: ({ name }) => {
      const url = options.subgraphUrls[name as SubgraphName];
      const policy = options.traffic[name as SubgraphName];
      if (!url || !policy) throw new Error(`No URL configured for subgraph ${name}`);
      return new AssertingDataSource(name, url, options.signAssertion, policy, options.stats);
    },
  });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    // Introspection is decided per role in production (INTROSPECTION_ROLES) by the demand-control plugin.
    introspection: true,
    hideSchemaDetailsFromClientErrors: production,
    allowBatchedHttpRequests: config.BATCH_MAX > 0,
    persistedQueries: { cache: options.apqCache, ttl: config.APQ_TTL_SECONDS },
    parseOptions: { maxTokens: config.MAX_TOKENS },
    validationRules: [
      ...shapeRules({
        maxDepth: config.MAX_DEPTH,
        maxAliases: config.MAX_ALIASES,
        maxDirectives: config.MAX_DIRECTIVES,
        maxRootFields: config.MAX_ROOT_FIELDS,
      }),
      literalValuesRule,
    ],
    formatError: formatGatewayError,
    plugins: [
      requestLogPlugin(log),
      logUnexpectedErrors(log),
      demandControlPlugin(config, buildCostMap(options.supergraphSdl), options.bucket),
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
    ],
  });
  await server.start();
  return {
    middleware: expressMiddleware(server, { context: createContextBuilder(options) }),
    stop: () => server.stop(),
  };
}
