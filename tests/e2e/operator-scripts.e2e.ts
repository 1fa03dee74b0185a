// The one-shot commands as a production operator runs them: seed and migrate need only the database, seed and token refuse.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database';

let database: ScratchDatabase;
beforeAll(async () => {
  database = await createScratchDatabase('seed');
});
afterAll(() => database?.drop());

/** `npm run -s <script> -- <args>` with nothing in the environment but what is given (and PATH, HOME). */
function run(script: string, args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync('npm', ['run', '-s', script, '--', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const production = () => ({ NODE_ENV: 'production', DATABASE_URL: database.url });

async function caregraphSchemas(): Promise<string[]> {
  const rows = await database.sql<Array<{ name: string }>>`
    select schema_name as name from information_schema.schemata
    where schema_name in ('patient', 'appointment', 'prescription', 'audit') order by 1`;
  return rows.map((row) => row.name);
}

const REFUSAL =
  'Refused: NODE_ENV=production, and the seed writes demo tenants (acme, globex) with predictable ids and known ' +
  'logins. Nothing was written.\nTo put demo data in this database on purpose: npm run seed -- --demo-data-in-production\n';

describe('npm run seed with NODE_ENV=production', () => {
  it('refuses to write demo data, says how to ask for it, and writes nothing at all', async () => {
    expect(run('seed', [], production())).toEqual({ status: 2, stdout: '', stderr: REFUSAL });
    expect(await caregraphSchemas()).toEqual([]);
  });

  it('refuses an argument it does not know, writing nothing', async () => {
    expect(run('seed', ['--demo-data'], production())).toEqual({
      status: 2,
      stdout: '',
      stderr: 'Unknown argument --demo-data. Usage: npm run seed [-- --demo-data-in-production]\n',
    });
    expect(await caregraphSchemas()).toEqual([]);
  });

  it('names DATABASE_URL, and nothing else, when it is missing', () => {
    expect(run('seed', [], { NODE_ENV: 'production' })).toEqual({
      status: 1,
      stdout: '',
      stderr: 'Invalid configuration:\n  DATABASE_URL: required: production needs a real Postgres\n',
    });
  });

  it('migrates and seeds with --demo-data-in-production, needing nothing but DATABASE_URL', async () => {
    expect(run('seed', ['--demo-data-in-production'], { ...production(), SEED_PATIENTS: '3' })).toEqual({
      status: 0,
      stdout: 'Seeded tenants acme and globex with 3 patients each (postgres)\n',
      stderr: '',
    });
    expect(await caregraphSchemas()).toEqual(['appointment', 'audit', 'patient', 'prescription']);
    const [row] = await database.sql<Array<{ tenants: string[]; patients: number }>>`
      select array_agg(distinct tenant_id order by tenant_id) as tenants, count(*)::int as patients from patient.patient`;
    expect(row).toEqual({ tenants: ['acme', 'globex'], patients: 6 });
  });
});

describe('npm run migrate with NODE_ENV=production', () => {
  it('needs nothing but DATABASE_URL', () => {
    expect(run('migrate', [], production())).toEqual({ status: 0, stdout: 'Migrated (postgres)\n', stderr: '' });
  });
});

describe('npm run token with NODE_ENV=production', () => {
  const REFUSED = {
    status: 2,
    stdout: '',
    stderr:
      'Refused: NODE_ENV=production. Development tokens are never accepted in production; tokens come from your ' +
      'identity provider (AUTH_JWKS_URL or AUTH_PUBLIC_KEY).\n',
  };

  it('refuses before looking at the login or the rest of the configuration', () => {
    expect(run('token', ['doctor@acme.test'], { NODE_ENV: 'production' })).toEqual(REFUSED);
    expect(run('token', ['nobody@nowhere.test'], { NODE_ENV: 'production' })).toEqual(REFUSED);
  });
});
