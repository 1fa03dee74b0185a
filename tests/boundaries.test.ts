// Who may know whose tables and code: subgraphs own their tables, the platform names none, the gateway imports no subgraph.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { is, sql } from 'drizzle-orm';
import { PgTable, getTableConfig } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { appointmentTables } from '@caregraph/appointment';
import { auditTables } from '@caregraph/audit';
import { patientTables } from '@caregraph/patient';
import { prescriptionTables } from '@caregraph/prescription';
import { migrateSubgraph, openDatabase, rowsOf } from '@caregraph/platform';
import { SUBGRAPHS } from '../gateway/src/subgraph-registry';

const SUBGRAPH_PACKAGES = ['patient', 'appointment', 'prescription', 'audit'] as const;

/** Every application table as `schema.table`. */
const APPLICATION_TABLES = [patientTables, appointmentTables, prescriptionTables, auditTables].flatMap((tables) =>
  Object.values(tables)
    .filter((value): value is PgTable => is(value, PgTable))
    .map((table) => {
      const { schema, name } = getTableConfig(table);
      return `${schema}.${name}`;
    }),
);

/** The TypeScript files under `dir`, with their text. */
function sources(dir: string): Array<{ file: string; text: string }> {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts') && !file.includes('__generated__'))
    .map((file) => ({ file: join(dir, file), text: readFileSync(join(dir, file), 'utf8') }));
}

/** The subgraph packages a file imports, with the path after the package name (`/interface` or ''). */
const subgraphImports = (text: string) =>
  [...text.matchAll(/from '@caregraph\/(patient|appointment|prescription|audit)(\/[\w-]+)?'/g)].map(
    ([, name, subpath]) => ({ name: name!, subpath: subpath ?? '' }),
  );

describe('boundaries', () => {
  it('knows the application tables it checks for (eleven, in four schemas)', () => {
    expect(APPLICATION_TABLES).toHaveLength(11);
    expect(APPLICATION_TABLES).toEqual(expect.arrayContaining(['patient.care_team', 'appointment.appointment']));
  });

  it('the platform package names no application table', () => {
    const named = sources('packages/platform/src').flatMap(({ file, text }) =>
      APPLICATION_TABLES.filter((table) => {
        const [schema, name] = table.split('.');
        return new RegExp(`\\b"?${schema}"?\\."?${name}\\b`).test(text);
      }).map((table) => `${file}: ${table}`),
    );
    expect(named).toEqual([]);
  });

  it('the gateway imports subgraph packages only in the embedded launcher’s registry', () => {
    const importing = sources('gateway/src')
      .filter(({ text }) => subgraphImports(text).length > 0)
      .map(({ file }) => file);
    expect(importing).toEqual(['gateway/src/subgraph-registry.ts']);
  });

  it('a subgraph imports another only through its declared SQL interface', () => {
    const crossings = SUBGRAPH_PACKAGES.flatMap((owner) =>
      sources(`subgraphs/${owner}/src`).flatMap(({ file, text }) =>
        subgraphImports(text)
          .filter(({ name, subpath }) => name !== owner && subpath !== '/interface')
          .map(({ name, subpath }) => `${file} → @caregraph/${name}${subpath}`),
      ),
    );
    expect(crossings).toEqual([]);
  });

  it('migrates every subgraph after the owners of the interfaces it requires', () => {
    const order = SUBGRAPHS.map((subgraph) => subgraph.name);
    const late = SUBGRAPHS.flatMap((subgraph) =>
      (subgraph.requires ?? [])
        .map((signature) => signature.split('.')[0]!)
        .filter((owner) => order.indexOf(owner as never) >= order.indexOf(subgraph.name))
        .map((owner) => `${subgraph.name} before ${owner}`),
    );
    expect(order).toEqual(['patient', 'appointment', 'prescription', 'audit']);
    expect(late).toEqual([]);
  });

  it('refuses to migrate the appointment subgraph before the patient subgraph, naming what is missing', async () => {
    const database = await openDatabase({ pgliteDir: 'memory://' });
    try {
      const appointment = SUBGRAPHS.find((subgraph) => subgraph.name === 'appointment')!;
      await expect(
        migrateSubgraph(database, 'appointment', appointment.migrationsFolder, { requires: appointment.requires }),
      ).rejects.toThrow(
        'The appointment subgraph needs patient.care_team_patients_v1() from the patient subgraph: migrate patient first (npm run migrate applies every subgraph in order)',
      );
      const nothingMigrated = await database.db.execute(sql`select to_regnamespace('appointment') is null as absent`);
      expect(rowsOf(nothingMigrated)).toEqual([{ absent: true }]);
    } finally {
      await database.close();
    }
  });
});
