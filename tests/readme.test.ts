// The README stays true: its commands exist, it documents every configuration variable, its sample output is real.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrateAll, seedAll } from '@caregraph/gateway';
import { CONFIG_VARIABLES, loadConfig, openDatabase } from '@caregraph/platform';
import { postGraphQL, tokenFor } from '@caregraph/platform/testing';
import { startTestPlatform } from './support/platform';
import { fencedBlocks, readme, readmeSection } from './support/readme';

const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('README', () => {
  it('names only npm scripts that exist', () => {
    const named = [...readme.matchAll(/npm run (?:-s )?([a-z][a-z:-]*[a-z])/g)].map((match) => match[1]!);
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((script) => !(script in scripts))).toEqual([]);
    expect(['start', 'test'].every((script) => script in scripts)).toBe(true);
  });

  it('documents every environment variable', () => {
    expect(CONFIG_VARIABLES.filter((variable) => !readme.includes(`\`${variable}\``))).toEqual([]);
  });
});

describe('README quick start', () => {
  it('asks for Node.js 24, as package.json does', () => {
    expect(readmeSection('Quick start')).toContain('Node.js (24 LTS');
    expect((JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node).toMatch(
      /^>=24/,
    );
  });

  it('shows the real answer to its query, as `npm start` on the default demo data gives it', async () => {
    const quickStart = readmeSection('Quick start');
    const command = fencedBlocks(quickStart, 'sh').find((block) => block.includes('curl'))!;
    const login = /token -- (\S+)\)/.exec(command)![1]!;
    const { query } = JSON.parse(/-d '(\{"query":.*\})'/.exec(command)![1]!) as { query: string };
    const shown = JSON.parse(fencedBlocks(quickStart, 'json')[0]!) as unknown;

    // What `npm start` runs on: embedded PGlite with the default SEED_PATIENTS, a fresh bucket.
    const database = await openDatabase({ pgliteDir: 'memory://' });
    try {
      await migrateAll(database);
      await seedAll(database, loadConfig({}).SEED_PATIENTS);
      const platform = await startTestPlatform(database);
      try {
        const response = await postGraphQL(platform.gatewayUrl, { query, token: await tokenFor(login) });
        expect(response.body).toEqual(shown);

        // The limits section quotes the same response's extensions.
        const fragment = fencedBlocks(readme, 'json').find((block) => block.startsWith('"extensions"'))!;
        expect(JSON.parse(`{${fragment}}`)).toEqual({ extensions: response.body.extensions });
      } finally {
        await platform.stop();
      }
    } finally {
      await database.close();
    }
  });
});

describe('README production section', () => {
  const production = readmeSection('Production');
  const table = production
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .join('\n');

  it('lists every variable production refuses to start without', () => {
    let refusal = '';
    try {
      loadConfig({ NODE_ENV: 'production' });
    } catch (error) {
      refusal = (error as Error).message;
    }
    // What the configuration refuses, and the gateway's signing key (required where it starts).
    const required = [...[...refusal.matchAll(/^ {2}(\w+):/gm)].map((match) => match[1]!), 'ASSERTION_PRIVATE_KEY'];
    expect(required).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'AUTH_JWKS_URL', 'ASSERTION_PUBLIC_KEY']),
    );
    expect(required.filter((variable) => !table.includes(`\`${variable}\``))).toEqual([]);
  });

  it('makes each key with a command its recipe runs', () => {
    const recipe = fencedBlocks(production, 'sh').join('\n');
    const commands = [...table.matchAll(/`(openssl [^`]+)`/g)].map((match) => match[1]!);
    expect(commands.length).toBe(4);
    expect(commands.filter((command) => !recipe.includes(command))).toEqual([]);
  });
});
