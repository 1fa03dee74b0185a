// A database of a test's own beside the test database (`<test database>_<suffix>`), created empty and dropped after.
import postgres from 'postgres';
import { TEST_DATABASE_NAME, testDatabaseUrl } from '@caregraph/platform/testing';

export interface ScratchDatabase {
  name: string;
  url: string;
  /** A connection to it as the test's superuser, for looking at what a process wrote. */
  sql: postgres.Sql;
  drop(): Promise<void>;
}

/** Creates `<TEST_DATABASE_NAME>_<suffix>` (dropped first if an earlier run left it). */
export async function createScratchDatabase(suffix: string): Promise<ScratchDatabase> {
  if (!/^[a-z0-9_]{1,40}$/.test(suffix)) throw new Error('suffix: lower case, digits and _ only');
  const name = `${TEST_DATABASE_NAME}_${suffix}`;
  const url = new URL(testDatabaseUrl());
  const admin = () => postgres({ ...server(url), database: 'postgres', max: 1, onnotice: () => {} });
  const setup = admin();
  await setup.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await setup.unsafe(`CREATE DATABASE ${name}`);
  await setup.end();
  url.pathname = `/${name}`;
  const sql = postgres({ ...server(url), database: name, max: 1, onnotice: () => {} });
  return {
    name,
    url: url.toString(),
    sql,
    async drop() {
      await sql.end();
      const teardown = admin();
      await teardown.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await teardown.end();
    },
  };
}

function server(url: URL) {
  return { host: url.hostname, port: Number(url.port || 5432), username: decodeURIComponent(url.username) };
}
