// Fail-closed hand-off: a subgraph response leaves only after its access events are published.
import type { ApolloServerPlugin } from '@apollo/server';
import { auditUnavailable } from '../errors';
import { loggableError } from '../loggable-error';
import type { Logger } from '../logger';
import type { AccessCollector } from './collector';
import type { AuditStream } from './stream';

/** Gateway operation names look like `PatientChart__patient__0`; the ledger keeps the client's name. */
function clientOperationName(name: string | null | undefined): string | null {
  return name ? name.replace(/__[a-z]+__\d+$/, '') : null;
}

/**
 * Publishes the request's events (one batch) in willSendResponse. If that fails, the response
 * is replaced by SERVICE_UNAVAILABLE with no data: no patient data leaves unaudited.
 */
export function auditHandOffPlugin(
  stream: AuditStream,
  log: Logger,
): ApolloServerPlugin<{ audit: AccessCollector; requestId: string }> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operationName, contextValue }) {
          contextValue.audit.operationName = clientOperationName(operationName);
        },
        async willSendResponse({ response, contextValue }) {
          const events = contextValue.audit.drain();
          if (!events.length) return;
          try {
            await stream.publish(events);
          } catch (error) {
            log.error(
              { requestId: contextValue.requestId, ...loggableError(error), events: events.length },
              'access events could not be handed off',
            );
            // HTTP stays 200: the gateway passes a subgraph's GraphQL error codes on, not its 5xx statuses.
            response.body = {
              kind: 'single',
              singleResult: {
                data: null,
                errors: [auditUnavailable().toJSON()],
              },
            };
          }
        },
      };
    },
  };
}
