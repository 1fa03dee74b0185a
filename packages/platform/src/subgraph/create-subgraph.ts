// createSubgraph: federation schema + assertion check + error masking + health, for every subgraph.
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import express from 'express';
import { applyMiddleware } from 'graphql-middleware';
import { createPermissions, type RuleTree } from '../access/shield-rules';
import type { DocumentNode } from 'graphql';
import { ASSERTION_HEADER, REQUEST_ID_HEADER, bodyHash, type AssertionVerifier } from '../auth/assertion';
import type { Identity } from '../auth/identity';
import type { SubgraphName } from '../config';
import type { Database } from '../db/database';
import { logUnexpectedErrors } from '../graphql/log-errors';
import { maskFormattedError } from '../graphql/mask-error';
import type { Logger } from '../logger';
import { createAccessCollector, type AccessCollector } from '../audit/collector';
import { auditHandOffPlugin } from '../audit/hand-off';
import { auditMiddleware } from '../audit/middleware';
import type { AuditSpec } from '../audit/spec';
import type { AuditStream } from '../audit/stream';
import type { SubgraphSettings } from './analytics-scope';
import { mountSubgraphHealth, type ReadinessDetail } from './health';

export interface SubgraphDeps {
  database: Database;
  verifyAssertion: AssertionVerifier;
  log: Logger;
  /**
   * Field rules on (the default). Only the benchmark's unprotected reference turns them off;
   * no configuration variable can.
   */
  enforcePermissions?: boolean;
  /** Analytics threshold and pseudonym key (defaults for development). */
  settings?: SubgraphSettings;
  /** Where access events go: the Redis Stream, or the embedded in-process queue. */
  auditStream: AuditStream;
  /** Access recording on (the default). Only the benchmark's unprotected reference turns it off. */
  recordAccess?: boolean;
  /** The audit subgraph writes the ledger from the stream (default); tests may run their own writers. */
  runLedgerWriter?: boolean;
}

type HashedRequest = express.Request & { bodyHash?: string };

/** What every subgraph context starts from: the verified caller, the request id, its access events. */
export interface RequestScope {
  identity: Identity;
  requestId: string;
  audit: AccessCollector;
}

export interface SubgraphDefinition<TContext extends RequestScope> {
  name: SubgraphName;
  typeDefs: DocumentNode;
  resolvers: object;
  /** The shield rule map: every field of every type has a rule (deny by default). */
  permissions: RuleTree;
  /** The records this subgraph serves and how to audit them. */
  audit: AuditSpec;
  /** Builds the per-request context: tenant-scoped repository and fresh DataLoaders. */
  createContext(deps: SubgraphDeps, scope: RequestScope): TContext;
  /** What this subgraph adds to its `/health/ready` report, by name (reported, never a reason to be unready). */
  readiness?(deps: SubgraphDeps): Record<string, ReadinessDetail>;
}

export interface SubgraphApp {
  name: SubgraphName;
  app: express.Express;
  stop(): Promise<void>;
}

/** Builds the subgraph's express app (`/graphql`, `/health/live`, `/health/ready`); it does not listen. */
export async function createSubgraph<TContext extends RequestScope>(
  definition: SubgraphDefinition<TContext>,
  deps: SubgraphDeps,
): Promise<SubgraphApp> {
  const subgraphSchema = buildSubgraphSchema({
    typeDefs: definition.typeDefs,
    resolvers: definition.resolvers as GraphQLResolverMap<unknown>,
  });
  const middleware = [
    ...(deps.recordAccess === false ? [] : [auditMiddleware(definition.audit, subgraphSchema)]),
    ...(deps.enforcePermissions === false ? [] : [createPermissions(definition.permissions)]),
  ];
  // The recorder wraps the shield, so it sees denied fields as well as resolved ones.
  const schema = middleware.length ? applyMiddleware(subgraphSchema, ...middleware) : subgraphSchema;
  const server = new ApolloServer<TContext>({
    schema,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => maskFormattedError(formatted, undefined, error),
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      logUnexpectedErrors(deps.log),
      auditHandOffPlugin(deps.auditStream, deps.log),
    ],
  });
  await server.start();

  const app = express();
  app.disable('x-powered-by');
  mountSubgraphHealth(app, definition.name, deps.database, definition.readiness?.(deps));
  app.use(
    '/graphql',
    // The assertion is bound to the exact bytes of the body: hash them as they are read.
    express.json({ limit: '1mb', verify: (req, _res, raw) => ((req as HashedRequest).bodyHash = bodyHash(raw)) }),
    expressMiddleware(server, {
      context: async ({ req }) => {
        const requestId = req.header(REQUEST_ID_HEADER) ?? '';
        const identity = await deps.verifyAssertion(req.header(ASSERTION_HEADER), {
          requestId,
          bodyHash: (req as HashedRequest).bodyHash ?? '',
        });
        return definition.createContext(deps, {
          identity,
          requestId,
          audit: createAccessCollector(identity, requestId, definition.name, deps.auditStream),
        });
      },
    }),
  );
  return { name: definition.name, app, stop: () => server.stop() };
}
