// Server-side record of errors that clients only see masked: class, SQLSTATE and a message without values.
import type { ApolloServerPlugin } from '@apollo/server';
import { isPublicCode } from '../errors';
import { infrastructureFailureOf } from '../infrastructure-error';
import { loggableError } from '../loggable-error';
import type { Logger } from '../logger';

/**
 * Logs errors that will be masked, and unavailable dependencies behind a SERVICE_UNAVAILABLE —
 * by class, SQLSTATE or connection code and sanitized message, never values.
 */
export function logUnexpectedErrors(log: Logger): ApolloServerPlugin<{ requestId?: string }> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const unavailable = infrastructureFailureOf(error);
            if (isPublicCode(error.extensions?.code) && !unavailable) continue;
            log.error(
              {
                requestId: contextValue?.requestId,
                path: error.path?.join('.'),
                ...loggableError(unavailable ?? error.originalError ?? error),
              },
              unavailable ? 'dependency unavailable' : 'unexpected error (masked)',
            );
          }
        },
      };
    },
  };
}
