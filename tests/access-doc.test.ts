// docs/access.md publishes the access matrix exactly as the platform enforces it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderAccessMatrix } from '@caregraph/platform';

describe('docs/access.md', () => {
  it('contains the enforced matrix, unchanged', () => {
    const doc = readFileSync('docs/access.md', 'utf8');
    const published = /<!-- matrix:start -->\n([\s\S]*?)\n<!-- matrix:end -->/.exec(doc)?.[1];
    expect(published).toBe(renderAccessMatrix());
  });
});
