// createAuditSubgraph: the audit subgraph's app and its ledger writer, built from their parts; it never listens.
import { createSubgraph, subgraphFiles, type SubgraphApp, type SubgraphDeps } from '@caregraph/platform';
import { createContext } from './context';
import { audit } from './audit';
import { startLedgerWriter } from './consumer';
import { permissions } from './permissions';
import { resolvers } from './resolvers';

export const { typeDefs, migrationsFolder } = subgraphFiles('audit');

/** On stop, how long the writer may keep going to store what the last requests published. */
const FINAL_DRAIN_MS = 2000;

export async function createAuditSubgraph(deps: SubgraphDeps): Promise<SubgraphApp> {
  const subgraph = await createSubgraph(
    { name: 'audit', typeDefs, resolvers, permissions, audit, createContext, readiness },
    deps,
  );
  const writer =
    deps.runLedgerWriter === false
      ? null
      : startLedgerWriter({
          stream: deps.auditStream,
          // Its own statement counter: the ledger's appends are not the cost of any one request.
          database: deps.database.withOwnStats(),
          log: deps.log.child({ component: 'ledger-writer' }),
        });
  return {
    ...subgraph,
    stop: async () => {
      await subgraph.stop();
      if (!writer) return;
      await settleWithin(writer.drained(), FINAL_DRAIN_MS);
      await writer.stop();
    },
  };
}

/** The ledger writer's lag and dead letters, in /health/ready (reported; only the database decides readiness). */
function readiness(deps: SubgraphDeps) {
  return {
    ledger: async () => {
      const { pending, undelivered } = await deps.auditStream.lag();
      return { pending, undelivered, deadLettered: await deps.auditStream.deadLettered() };
    },
  };
}

/** Waits for `work` to settle, at most `ms`; its outcome does not matter. */
async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([work.catch(() => {}), timeout]);
  clearTimeout(timer);
}
