// Configuration parsing: defaults, errors that name the variable, production requirements.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig, subgraphUrl } from '../src/config';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect([config.GATEWAY_PORT, config.PATIENT_PORT, config.AUDIT_PORT, config.SEED_PATIENTS]).toEqual([
      4000, 4001, 4004, 200,
    ]);
    expect(subgraphUrl(config, 'prescription')).toBe('http://127.0.0.1:4003/graphql');
  });

  it('names the variable whose value is bad', () => {
    expect(() => loadConfig({ GATEWAY_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ GATEWAY_PORT: 'eighty' })).toThrow(/GATEWAY_PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ AUTH_ALGORITHMS: 'HS256' })).toThrow(/AUTH_ALGORITHMS/);
  });

  it('refuses production without a database, token keys and assertion keys, naming each', () => {
    const error = (() => {
      try {
        loadConfig({ NODE_ENV: 'production' });
      } catch (caught) {
        return (caught as Error).message;
      }
    })();
    expect(error).toMatch(/DATABASE_URL/);
    expect(error).toMatch(/AUTH_JWKS_URL/);
    expect(error).toMatch(/ASSERTION_PUBLIC_KEY/);
  });

  it('refuses DATABASE_READ_URL without DATABASE_URL (the embedded database has no replica)', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://replica.internal/caregraph' })).toThrow(
      /DATABASE_READ_URL: needs DATABASE_URL/,
    );
  });

  it('documents every variable in .env.example', () => {
    const documented = [...readFileSync('.env.example', 'utf8').matchAll(/^([A-Z_]+)=/gm)].map((match) => match[1]);
    expect(documented.sort()).toEqual([...CONFIG_VARIABLES].sort());
  });
});
