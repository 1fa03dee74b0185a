// Every variable in .env.example changes what it says it changes: one table row per variable, checked against the default.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, type Database } from '@caregraph/platform';
import { openTestDatabase } from '@caregraph/platform/testing';
import { createRowContexts, documentedVariables } from './settings/harness';
import { SETTINGS } from './settings/table';

const documented = documentedVariables(readFileSync('.env.example', 'utf8'));
let database: Database;
const rows = createRowContexts(() => database);

beforeAll(async () => {
  database = await openTestDatabase();
});
afterEach(() => rows.endRow());
afterAll(async () => {
  await rows.endFile();
  await database?.close();
});

describe('the settings table', () => {
  it('has a row for every variable in .env.example', () => {
    const listed = new Set(SETTINGS.map((row) => row.variable));
    expect(documented.filter((name) => !listed.has(name))).toEqual([]);
  });

  it('lists each variable once, and only variables the platform parses', () => {
    const names = SETTINGS.map((row) => row.variable);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    expect(names.filter((name) => !CONFIG_VARIABLES.includes(name))).toEqual([]);
  });

  it('checks every row, or names the focused test that does', () => {
    expect(SETTINGS.filter((row) => !row.check && !row.covered).map((row) => row.variable)).toEqual([]);
  });
});

describe.each(SETTINGS)('$variable', (row) => {
  if (row.check) {
    it(row.effect, () => row.check!(rows.context));
  }
  if (row.covered) {
    it(`is covered by ${row.covered}`, () => {
      expect(existsSync(row.covered!)).toBe(true);
      expect(readFileSync(row.covered!, 'utf8')).toContain(row.variable);
    });
  }
});
