// Generated files are committed and must match what their commands produce from the sources.
import { readFileSync } from 'node:fs';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import codegenConfig from '../codegen';
import {
  ANALYTICS_SCHEMA_FILE,
  ANALYTICS_SUPERGRAPH_FILE,
  SUPERGRAPH_FILE,
  apiSchemaSdl,
  composeAnalyticsSupergraph,
  composeSupergraph,
} from '../scripts/lib/supergraph';

describe('generated files', () => {
  it('schema/supergraph.graphql is what `npm run compose` writes', () => {
    const result = composeSupergraph();
    expect(result.ok).toBe(true);
    if (result.ok) expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(result.supergraphSdl);
  });

  it('the analytics contract (its supergraph and schema/analytics.graphql) is what `npm run compose` writes', () => {
    const result = composeAnalyticsSupergraph();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(readFileSync(ANALYTICS_SUPERGRAPH_FILE, 'utf8')).toBe(result.supergraphSdl);
    expect(readFileSync(ANALYTICS_SCHEMA_FILE, 'utf8')).toBe(apiSchemaSdl(result.supergraphSdl));
  });

  it('resolver types and trusted-document manifests are what `npm run codegen` writes', async () => {
    const outputs: Array<{ filename: string; content: string }> = await generate(
      { ...codegenConfig, silent: true },
      false,
    );
    // codegen generates its outputs concurrently, so their order is not stable
    const manifests = outputs.map((output) => output.filename).filter((name) => name.startsWith('schema/persisted/'));
    expect(manifests.sort()).toEqual(['schema/persisted/front-desk.json', 'schema/persisted/partner-booking.json']);
    for (const output of outputs) {
      expect(readFileSync(output.filename, 'utf8'), `${output.filename} is stale: run npm run codegen`).toBe(
        output.content,
      );
    }
  });

  it('composition reports the composition errors instead of writing a supergraph', () => {
    const broken = composeSupergraph((name) =>
      name === 'appointment'
        ? 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])\n' +
          'type Query { a: Appointment }\ntype Appointment @key(fields: "id") { id: ID! patient: Patient! }\n' +
          'type Patient @key(fields: "id") { id: ID! mrn: Int! }'
        : readFileSync(`schema/subgraphs/${name}.graphql`, 'utf8'),
    );
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.errors.join('\n')).toContain('Patient.mrn');
  });
});
