// Error masking at the edge: stable codes, the request id on every error, no internals.
import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, isPublicCode, maskFormattedError, type Logger } from '@caregraph/platform';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from './context';

// graphql-js spells it "more that".
/** Apollo's APQ answer to a hash that is not the document's (it carries no code). */
const APQ_HASH_MISMATCH = 'provided sha does not match query';
const TOKEN_LIMIT = /Document contains more tha[nt] \d+ tokens/;

/**
 * `formatError` for the gateway: our codes pass (without subgraph names), the rest is masked.
 * Apollo relabels every validation error GRAPHQL_VALIDATION_FAILED; our limit rules' own codes
 * are restored from the original error, and the parser's token cap becomes TOKEN_LIMIT_EXCEEDED.
 */
export function formatGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = (error as { originalError?: { extensions?: Record<string, unknown> } } | undefined)?.originalError;
  let code = formatted.extensions?.code;
  if (code === ErrorCode.GraphQLValidationFailed && isPublicCode(original?.extensions?.code))
    code = original.extensions.code;
  if (code === ErrorCode.GraphQLParseFailed && TOKEN_LIMIT.test(formatted.message)) code = ErrorCode.TokenLimitExceeded;
  if (formatted.message === APQ_HASH_MISMATCH) {
    return maskFormattedError(
      {
        message: 'The persisted query hash does not match the query',
        extensions: { code: ErrorCode.BadUserInput, field: 'extensions.persistedQuery.sha256Hash' },
      },
      undefined,
    );
  }
  const extensions: Record<string, unknown> = { ...formatted.extensions, ...original?.extensions, code };
  // Set by withRequestId on refusals made before Apollo's request plugins run; the rest get it there.
  const requestId = typeof extensions.requestId === 'string' ? extensions.requestId : undefined;
  return maskFormattedError({ ...formatted, extensions }, requestId);
}

/** The same error with the request id among its extensions (a GraphQLError; anything else passes unchanged). */
export function withRequestId(error: unknown, requestId: string): unknown {
  if (!(error instanceof GraphQLError)) return error;
  return new GraphQLError(error.message, {
    originalError: error.originalError ?? undefined,
    extensions: { ...error.extensions, requestId },
  });
}

/** Attaches the request id to every error and writes one PHI-free log line per request. */
export function requestLogPlugin(log: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue, request }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, contextValue: context, operationName, errors }) {
          const requestId = context?.requestId ?? contextValue?.requestId;
          if (response.body.kind === 'single' && response.body.singleResult.errors) {
            response.body.singleResult.errors = response.body.singleResult.errors.map((error) => ({
              ...error,
              extensions: { ...error.extensions, requestId },
            }));
          }
          log.info(
            {
              requestId,
              clientRequestId: context?.clientRequestId ?? contextValue?.clientRequestId,
              operationName: operationName ?? request.operationName ?? null,
              tenantId: context?.identity?.tenantId,
              durationMs: Number(process.hrtime.bigint() - started) / 1e6,
              errorCodes: errors?.map((error) => error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
            },
            'graphql request',
          );
        },
      };
    },
  };
}
