// Server-side record of errors that clients only see masked: class and SQLSTATE, never message or values.
import type { ApolloServerPlugin } from '@apollo/server';
import { isPublicCode } from '../errors';
import type { Logger } from '../logger';

/** Logs errors that will be masked — by class and SQLSTATE only, never message or values. */
export function logUnexpectedErrors(log: Logger): ApolloServerPlugin<{ requestId?: string }> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (isPublicCode(error.extensions?.code)) continue;
            const original = error.originalError as (Error & { cause?: { code?: string } }) | undefined;
            log.error(
              {
                requestId: contextValue?.requestId,
                path: error.path?.join('.'),
                errorClass: original?.name ?? error.name,
                sqlState: original?.cause?.code,
              },
              'unexpected error (masked)',
            );
          }
        },
      };
    },
  };
}
