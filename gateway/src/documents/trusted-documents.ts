// Trusted documents: each bound client may run only the operations in its manifest, sent by id.
import { GraphQLError } from 'graphql';
import { ErrorCode, badInput, type Config, type Identity, type Logger } from '@caregraph/platform';
import { ManifestError, readManifests } from './manifests';

/** A GraphQL-over-HTTP request body as the client sent it. */
export interface RequestBody {
  query?: string;
  operationName?: string;
  extensions?: { persistedQuery?: { sha256Hash?: string; version?: number } };
}

export interface TrustedDocuments {
  /**
   * Reads every `<client>.json` manifest in TRUSTED_DOCUMENTS_DIR again (SIGHUP). A manifest that
   * cannot be read or is not valid leaves the previous manifests in force and is logged with
   * its file name; returns whether the new set was taken.
   */
  reload(): boolean;
  /**
   * For a principal bound to a client: replaces the id by the registered body, or refuses —
   * a client with no manifest FORBIDDEN, a free-form document PERSISTED_QUERY_REQUIRED, an id
   * not in that client's manifest PERSISTED_QUERY_NOT_FOUND, an id sent with GET BAD_REQUEST
   * (registered operations are sent with POST), a body other than the registered one
   * BAD_USER_INPUT. With TRUSTED_DOCUMENTS_MODE=log-unknown it logs instead (except a changed body).
   */
  apply(identity: Identity, body: RequestBody, method: string): void;
}

/** Partners are always bound to their client's manifest; other clients when TRUSTED_DOCUMENTS_CLIENTS names them. */
function boundClient(identity: Identity, config: Config): string | null {
  if (!identity.clientId) return null;
  return identity.roles.includes('partner') || config.TRUSTED_DOCUMENTS_CLIENTS.includes(identity.clientId)
    ? identity.clientId
    : null;
}

function refusal(code: ErrorCode, message: string, status = 400): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

/**
 * Creates the trusted documents from TRUSTED_DOCUMENTS_DIR; a manifest that cannot be read stops
 * the start with an error naming its file.
 */
export function createTrustedDocuments(config: Config, log: Logger): TrustedDocuments {
  let manifests = readManifests(config.TRUSTED_DOCUMENTS_DIR);
  log.info({ clients: [...manifests.keys()] }, 'trusted documents loaded');

  const reload = () => {
    try {
      manifests = readManifests(config.TRUSTED_DOCUMENTS_DIR);
    } catch (error) {
      const { file, reason } = error instanceof ManifestError ? error : { file: null, reason: 'unreadable' };
      log.error({ file, reason }, 'trusted documents not reloaded; the previous manifests stay in force');
      return false;
    }
    log.info({ clients: [...manifests.keys()] }, 'trusted documents loaded');
    return true;
  };

  const refuse = (error: GraphQLError, client: string, detail: Record<string, unknown>) => {
    if (config.TRUSTED_DOCUMENTS_MODE === 'enforce') throw error;
    log.warn({ client, code: error.extensions.code, ...detail }, 'untrusted document let through (log-unknown mode)');
  };

  return {
    reload,
    apply(identity, body, method) {
      const client = boundClient(identity, config);
      if (!client) return;
      const registered = manifests.get(client);
      if (!registered) {
        refuse(refusal(ErrorCode.Forbidden, 'This client has no registered operations', 403), client, {});
        return;
      }
      const id = body.extensions?.persistedQuery?.sha256Hash;
      if (!id) {
        refuse(
          refusal(ErrorCode.PersistedQueryRequired, 'This client may only send registered operations by id'),
          client,
          { operationName: body.operationName },
        );
        return;
      }
      if (method === 'GET') {
        // The body is substituted in the parsed JSON of a POST; a GET's query string is not ours to rewrite.
        refuse(refusal(ErrorCode.BadRequest, 'This client sends its registered operations with POST'), client, { id });
        return;
      }
      const operation = registered.get(id);
      if (!operation) {
        refuse(refusal(ErrorCode.PersistedQueryNotFound, 'PersistedQueryNotFound'), client, { id });
        return;
      }
      if (body.query !== undefined && body.query !== operation.body) {
        throw badInput('query', 'does not match the registered operation for this id', 400);
      }
      body.query = operation.body;
      // The registered body is served as is; nothing of it goes to the APQ cache.
      delete body.extensions!.persistedQuery;
    },
  };
}
