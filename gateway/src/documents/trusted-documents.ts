// Trusted documents: each bound client may run only the operations in its manifest, sent by id.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLError } from 'graphql';
import { ErrorCode, badInput, type Config, type Identity, type Logger } from '@caregraph/platform';

interface ManifestOperation {
  id: string;
  name: string;
  type: string;
  body: string;
}

/** A GraphQL-over-HTTP request body as the client sent it. */
export interface RequestBody {
  query?: string;
  operationName?: string;
  extensions?: { persistedQuery?: { sha256Hash?: string; version?: number } };
}

export interface TrustedDocuments {
  /** Reads every `<client>.json` manifest in TRUSTED_DOCUMENTS_DIR again (at start and on SIGHUP). */
  reload(): void;
  /**
   * For a principal bound to a client: replaces the id by the registered body, or refuses —
   * a free-form document is PERSISTED_QUERY_REQUIRED, an id not in that client's manifest
   * PERSISTED_QUERY_NOT_FOUND, an id sent with GET BAD_REQUEST (registered operations are
   * sent with POST). With TRUSTED_DOCUMENTS_MODE=log-unknown it logs instead.
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

function refusal(code: ErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

export function createTrustedDocuments(config: Config, log: Logger): TrustedDocuments {
  let manifests = new Map<string, Map<string, ManifestOperation>>();

  const reload = () => {
    const next = new Map<string, Map<string, ManifestOperation>>();
    for (const file of readdirSync(config.TRUSTED_DOCUMENTS_DIR).filter((name) => name.endsWith('.json'))) {
      const manifest = JSON.parse(readFileSync(join(config.TRUSTED_DOCUMENTS_DIR, file), 'utf8')) as {
        format: string;
        operations: ManifestOperation[];
      };
      if (manifest.format !== 'apollo-persisted-query-manifest')
        throw new Error(`${file} is not a persisted query manifest`);
      next.set(file.replace(/\.json$/, ''), new Map(manifest.operations.map((operation) => [operation.id, operation])));
    }
    manifests = next;
    log.info({ clients: [...next.keys()] }, 'trusted documents loaded');
  };

  const refuse = (error: GraphQLError, client: string, detail: Record<string, unknown>) => {
    if (config.TRUSTED_DOCUMENTS_MODE === 'enforce') throw error;
    log.warn({ client, code: error.extensions.code, ...detail }, 'untrusted document let through (log-unknown mode)');
  };

  reload();
  return {
    reload,
    apply(identity, body, method) {
      const client = boundClient(identity, config);
      if (!client) return;
      const id = body.extensions?.persistedQuery?.sha256Hash;
      if (!id) {
        refuse(
          refusal(ErrorCode.PersistedQueryRequired, 'This client may only send registered operations by id'),
          client,
          {
            operationName: body.operationName,
          },
        );
        return;
      }
      if (method === 'GET') {
        // The body is substituted in the parsed JSON of a POST; a GET's query string is not ours to rewrite.
        refuse(refusal(ErrorCode.BadRequest, 'This client sends its registered operations with POST'), client, { id });
        return;
      }
      const operation = manifests.get(client)?.get(id);
      if (!operation) {
        refuse(refusal(ErrorCode.PersistedQueryNotFound, 'PersistedQueryNotFound'), client, { id });
        return;
      }
      if (body.query !== undefined && body.query !== operation.body) {
        throw badInput('query', 'does not match the registered operation for this id');
      }
      body.query = operation.body;
      // The registered body is served as is; nothing of it goes to the APQ cache.
      delete body.extensions!.persistedQuery;
    },
  };
}
