// The README stays true: its commands exist and it documents every configuration variable.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '@caregraph/platform';

const readme = readFileSync('README.md', 'utf8');
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
