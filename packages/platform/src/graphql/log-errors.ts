// Server-side record of errors that clients only see masked: class, SQLSTATE and a message without values.
import type { ApolloServerPlugin } from '@apollo/server';
import { isPublicCode } from '../errors';
import { loggableError } from '../loggable-error';
import type { Logger } from '../logger';

/** Logs errors that will be masked — by class, SQLSTATE and sanitized message, never values. */
export function logUnexpectedErrors(log: Logger): ApolloServerPlugin<{ requestId?: string }> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (isPublicCode(error.extensions?.code)) continue;
            log.error(
              {
                requestId: contextValue?.requestId,
                path: error.path?.join('.'),
                ...loggableError(error.originalError ?? error),
              },
              'unexpected error (masked)',
            );
          }
        },
      };
    },
  };
}
