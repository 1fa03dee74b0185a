// `npm run audit:purge [-- --tenant acme]`: purges access events older than AUDIT_RETENTION_DAYS behind signed checkpoints.
import { parseArgs } from 'node:util';
import { ledgerTenants, purgeExpired } from '@caregraph/audit';
import { ConfigError, loadConfig, openConfiguredDatabase, runMain, subgraphSettings } from '@caregraph/platform';

const DAY_MS = 86_400_000;
const TENANT_ID = /^[a-z][a-z0-9-]{1,62}$/;

runMain(
  async () => {
    const { values } = parseArgs({ options: { tenant: { type: 'string' } } });
    if (values.tenant !== undefined && !TENANT_ID.test(values.tenant)) {
      throw new ConfigError(`--tenant: "${values.tenant}" is not a tenant id`);
    }
    const config = loadConfig();
    const settings = subgraphSettings(config);
    const before = new Date(Date.now() - settings.auditRetentionDays * DAY_MS);
    const database = await openConfiguredDatabase(config);
    try {
      const tenants = values.tenant ? [values.tenant] : await ledgerTenants(database);
      for (const tenantId of tenants) {
        const { purged, checkpointSeq } = await purgeExpired(database, tenantId, before, settings);
        const cut = checkpointSeq === null ? 'nothing expired' : `checkpoint at seq ${checkpointSeq}`;
        process.stdout.write(`${tenantId}: purged ${purged} events before ${before.toISOString()} (${cut})\n`);
      }
      if (!tenants.length) process.stdout.write('No tenant has access events\n');
    } finally {
      await database.close();
    }
  },
  { exitWhenDone: true },
);
