// Runs the gateway alone (services mode): subgraphs are reached at their *_URL addresses.
import {
  SUBGRAPH_NAMES,
  createLogger,
  listen,
  loadConfig,
  loadOrCreateDevKeys,
  onShutdown,
  runMain,
  subgraphUrl,
  type SubgraphName,
} from '@caregraph/platform';
import { assembleGateway } from './assemble';

runMain(async () => {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL, 'gateway');
  const devKeys = config.NODE_ENV === 'production' ? undefined : await loadOrCreateDevKeys(config.DATA_DIR);
  const subgraphUrls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphUrl(config, name)])) as Record<
    SubgraphName,
    string
  >;
  const gateway = await assembleGateway(config, log, subgraphUrls, devKeys);
  const listening = await listen(gateway.app, config.GATEWAY_PORT, config.HOST);
  log.info({ url: `${listening.url}/graphql` }, 'gateway listening');
  process.on('SIGHUP', () => gateway.reloadTrustedDocuments());
  onShutdown(log, async () => {
    const report = await listening.drain(config.SHUTDOWN_GRACE_MS);
    await gateway.close();
    return report;
  });
});
