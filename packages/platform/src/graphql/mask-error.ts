// Turns any error into what a client may see: our own codes pass, everything else is masked.
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, dependencyUnavailable, isPublicCode } from '../errors';
import { isInfrastructureError } from '../infrastructure-error';

const SAFE_EXTENSION_KEYS = ['code', 'field', 'requestId', 'cost', 'limit', 'subgraph', 'retryable'] as const;

/**
 * Keeps message, path and the safe extensions of errors carrying one of our public codes;
 * replaces anything else (driver errors, bugs, stack traces) with INTERNAL_SERVER_ERROR and
 * the request id, so no SQL, parameter value or stack reaches a client. When `error` (the
 * original) is an unavailable dependency, it becomes SERVICE_UNAVAILABLE (retryable) instead.
 */
export function maskFormattedError(
  formatted: GraphQLFormattedError,
  requestId: string | undefined,
  error?: unknown,
): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (!isPublicCode(code) && isInfrastructureError(error)) {
    const unavailable = dependencyUnavailable();
    return { message: unavailable.message, path: formatted.path, extensions: { ...unavailable.extensions, requestId } };
  }
  if (isPublicCode(code)) {
    const extensions: Record<string, unknown> = {};
    for (const key of SAFE_EXTENSION_KEYS) {
      if (formatted.extensions?.[key] !== undefined) extensions[key] = formatted.extensions[key];
    }
    if (requestId) extensions.requestId = requestId;
    return {
      message: withoutValues(formatted.message),
      path: formatted.path,
      locations: formatted.locations,
      extensions,
    };
  }
  return {
    message: 'Internal server error',
    path: formatted.path,
    extensions: { code: ErrorCode.InternalServerError, requestId },
  };
}

/** graphql-js echoes rejected variable values ("got invalid value \"Jane\"…"); keep only the name. */
function withoutValues(message: string): string {
  const variable = /^Variable "(\$[A-Za-z_][A-Za-z0-9_]*)" got invalid value/.exec(message);
  return variable ? `Variable "${variable[1]}" got an invalid value` : message;
}
