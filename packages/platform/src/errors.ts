// Stable error codes and the small constructors every service uses to raise them.
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  BadUserInput: 'BAD_USER_INPUT',
  DepthLimitExceeded: 'DEPTH_LIMIT_EXCEEDED',
  CostLimitExceeded: 'COST_LIMIT_EXCEEDED',
  AliasLimitExceeded: 'ALIAS_LIMIT_EXCEEDED',
  DirectiveLimitExceeded: 'DIRECTIVE_LIMIT_EXCEEDED',
  RootFieldLimitExceeded: 'ROOT_FIELD_LIMIT_EXCEEDED',
  TokenLimitExceeded: 'TOKEN_LIMIT_EXCEEDED',
  RateLimited: 'RATE_LIMITED',
  PersistedQueryNotFound: 'PERSISTED_QUERY_NOT_FOUND',
  PersistedQueryRequired: 'PERSISTED_QUERY_REQUIRED',
  PersistedQueryNotSupported: 'PERSISTED_QUERY_NOT_SUPPORTED',
  GraphQLValidationFailed: 'GRAPHQL_VALIDATION_FAILED',
  GraphQLParseFailed: 'GRAPHQL_PARSE_FAILED',
  BadRequest: 'BAD_REQUEST',
  OperationResolutionFailure: 'OPERATION_RESOLUTION_FAILURE',
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  SubgraphUnavailable: 'SUBGRAPH_UNAVAILABLE',
  InternalServerError: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes whose message was written by us for the client and may be shown as is. */
const PUBLIC_CODES: ReadonlySet<string> = new Set(
  Object.values(ErrorCode).filter((code) => code !== ErrorCode.InternalServerError),
);

export function isPublicCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && PUBLIC_CODES.has(code);
}

export function unauthenticated(reason = 'Authentication required'): GraphQLError {
  return new GraphQLError(reason, {
    extensions: { code: ErrorCode.Unauthenticated, http: { status: 401 } },
  });
}

export function forbidden(message = 'Not allowed'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.Forbidden } });
}

/** Access events could not be handed off: nothing of the record may leave, nor may it change. */
export function auditUnavailable(): GraphQLError {
  return new GraphQLError('Access could not be recorded; try again later', {
    extensions: { code: ErrorCode.ServiceUnavailable },
  });
}

/**
 * A dependency (the database) cannot serve now: nothing was decided about access, and the same
 * request may succeed when retried. `cause` is kept for the server's log, never sent.
 */
export function dependencyUnavailable(cause?: unknown): GraphQLError {
  return new GraphQLError('A service the graph depends on is unavailable; try again later', {
    originalError: cause instanceof Error ? cause : undefined,
    extensions: { code: ErrorCode.ServiceUnavailable, retryable: true },
  });
}

/** The same error whether the record never existed or belongs to another tenant. */
export function notFound(entity: string): GraphQLError {
  return new GraphQLError(`${entity} not found`, { extensions: { code: ErrorCode.NotFound } });
}

/** Bad input, naming the argument or input field (never echoing its value). */
export function badInput(field: string, reason: string, httpStatus?: 400): GraphQLError {
  return new GraphQLError(`Invalid ${field}: ${reason}`, {
    extensions: { code: ErrorCode.BadUserInput, field, ...(httpStatus ? { http: { status: httpStatus } } : {}) },
  });
}
