// Scenario 5: SIGHUP with a broken trusted-document manifest keeps the previous manifests in force; once fixed, SIGHUP puts the new one in force.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ErrorCode } from '@caregraph/platform';
import { tokenFor } from '@caregraph/platform/testing';
import { manifestOperation, postById, sha256 } from '../../support/persisted';
import { codes } from '../../support/probes';
import { beginScenario, type Suite } from '../support/scenario';

const CLIENT = 'partner-booking';
/** An operation the fixed manifest adds: refused before the reload, run after it. */
const ADDED_BODY = 'query FaultProbeDirectory {\n  practitioners(first: 1) {\n    nodes {\n      id\n    }\n  }\n}';

export async function badManifestReload(suite: Suite): Promise<void> {
  const { env } = suite;
  const partner = await tokenFor('partner@acme.test');
  const directory = manifestOperation(CLIENT, 'PractitionerDirectory');
  const added = { id: sha256(ADDED_BODY), name: 'FaultProbeDirectory', type: 'query', body: ADDED_BODY };
  const file = join(env.manifestsDir, `${CLIENT}.json`);
  const original = readFileSync(file, 'utf8');
  const runs = async (id: string) => {
    const answer = await postById(env.services.gatewayUrl, partner, id, { variables: { first: 2 } });
    return { status: answer.status, codes: codes(answer), nodes: answer.body.data?.practitioners?.nodes?.length };
  };
  const gateway = env.services.running('gateway');
  const scenario = await beginScenario(suite, '5', 'SIGHUP with a broken manifest');
  try {
    expect(await runs(directory.id)).toEqual({ status: 200, codes: [], nodes: 2 });

    scenario.faultBegins();
    writeFileSync(file, original.slice(0, Math.floor(original.length / 2)));
    let mark = gateway.mark();
    gateway.signal('SIGHUP');
    const refused = await gateway.logged('trusted documents not reloaded; the previous manifests stay in force', mark);
    expect(String(refused.file)).toContain(`${CLIENT}.json`);
    expect(await runs(directory.id)).toEqual({ status: 200, codes: [], nodes: 2 });

    const manifest = JSON.parse(original) as { operations: unknown[] };
    writeFileSync(file, JSON.stringify({ ...manifest, operations: [...manifest.operations, added] }, null, 2));
    expect((await runs(added.id)).codes).toEqual([ErrorCode.PersistedQueryNotFound]);
    mark = gateway.mark();
    gateway.signal('SIGHUP');
    await gateway.logged('trusted documents loaded', mark);
    scenario.faultEnds();
    expect(await runs(added.id)).toEqual({ status: 200, codes: [], nodes: 1 });
    expect(await runs(directory.id)).toEqual({ status: 200, codes: [], nodes: 2 });
    await scenario.recovered();
    await scenario.finish();
    expect(gateway.alive()).toBe(true);
  } finally {
    writeFileSync(file, original);
  }
}
