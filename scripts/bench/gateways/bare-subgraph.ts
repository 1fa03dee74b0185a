// A subgraph with every check off (no assertion, field rules or access recording), for the bench's "bare" reference.
import { SUBGRAPHS } from '@caregraph/gateway';
import {
  createLogger,
  createMemoryAuditStream,
  demoLogins,
  listen,
  loadConfig,
  openConfiguredDatabase,
  runMain,
  subgraphPort,
  subgraphSettings,
  type SubgraphName,
} from '@caregraph/platform';

runMain(async () => {
  const name = process.argv[2] as SubgraphName;
  const subgraph = SUBGRAPHS.find((candidate) => candidate.name === name);
  if (!subgraph) throw new Error(`Unknown subgraph ${name}`);
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  // Every request acts as doctor@acme.test: the same rows the protected graph serves that login.
  const identity = demoLogins().find((login) => login.login === 'doctor@acme.test')!.identity;
  const built = await subgraph.create({
    database,
    verifyAssertion: async () => identity,
    log: createLogger('warn', `bare-${name}`),
    settings: subgraphSettings(config),
    auditStream: createMemoryAuditStream(),
    enforcePermissions: false,
    recordAccess: false,
    runLedgerWriter: false,
  });
  await listen(built.app, subgraphPort(config, name), config.HOST);
});
