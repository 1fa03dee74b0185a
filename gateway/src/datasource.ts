// Subgraph fetches: each carries an identity assertion signed for that subgraph, that request id and that exact body.
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import {
  ASSERTION_HEADER,
  REQUEST_ID_HEADER,
  bodyHash,
  type AssertionSigner,
  type Identity,
} from '@caregraph/platform';
import type { GatewayContext } from './context';
import { deduplicateRepresentations, expandEntities } from './representations';

/** Carries the caller from willSendRequest to the fetcher inside this process; never sent. */
const PENDING_IDENTITY_HEADER = 'x-caregraph-pending-identity';

export interface FetchStats {
  subgraphFetches: number;
  /** Entity representations sent to subgraphs (after removing repeats within a fetch). */
  representations: number;
}

export class AssertingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly sign: AssertionSigner,
    timeoutMs: number,
    private readonly stats: FetchStats,
  ) {
    super({
      url,
      fetcher: async (input, init) => {
        const headers = { ...(init?.headers as Record<string, string>) };
        const identity = headers[PENDING_IDENTITY_HEADER];
        delete headers[PENDING_IDENTITY_HEADER];
        if (identity) {
          // Signed here, where the body is final: the subgraph hashes the same bytes.
          headers[ASSERTION_HEADER] = await this.sign(JSON.parse(identity) as Identity, {
            audience: this.subgraph,
            requestId: headers[REQUEST_ID_HEADER]!,
            bodyHash: bodyHash(String(init?.body ?? '')),
          });
        }
        return fetch(input, { ...init, headers, signal: AbortSignal.timeout(timeoutMs) }) as never;
      },
    });
  }

  /** Entity fetches carry each distinct representation once; the answer is expanded back. */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const { request } = options;
    const representations = request.variables?.representations;
    if (!Array.isArray(representations)) return super.process(options);
    const deduplicated = deduplicateRepresentations(representations);
    this.stats.representations += deduplicated ? deduplicated.unique.length : representations.length;
    if (!deduplicated) return super.process(options);
    const response = await super.process({
      ...options,
      request: { ...request, variables: { ...request.variables, representations: deduplicated.unique } },
    });
    return expandEntities(response, deduplicated);
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    this.stats.subgraphFetches++;
    const headers = request.http?.headers;
    if (!headers || !('identity' in context) || !context.identity) return;
    // Handed to the fetcher, which signs one assertion per fetch once the body is serialized.
    headers.set(PENDING_IDENTITY_HEADER, JSON.stringify(context.identity));
    headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}
