// Subgraph fetches: each carries a signed identity assertion for that subgraph and the request id.
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ASSERTION_HEADER, REQUEST_ID_HEADER, type AssertionSigner } from '@caregraph/platform';
import type { GatewayContext } from './context';
import { deduplicateRepresentations, expandEntities } from './representations';

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
      fetcher: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) }) as never,
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
    // One assertion per subgraph per request, reused across the plan's fetches.
    let assertion = context.assertions.get(this.subgraph);
    if (!assertion) {
      assertion = this.sign(context.identity, this.subgraph, context.requestId);
      context.assertions.set(this.subgraph, assertion);
    }
    headers.set(ASSERTION_HEADER, await assertion);
    headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}
