// Test runner: every suite on Postgres, and the graph-level security suites again on embedded PGlite.
import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

/**
 * Node loads graphql's CommonJS build for Apollo; vite would resolve our own `import 'graphql'`
 * to the ESM build, and graphql refuses types from "another realm". One copy for both.
 */
const graphqlCommonJs = createRequire(import.meta.url).resolve('graphql');

/** Suites that go through the whole graph and must hold on both databases. */
const GRAPH_SUITES = [
  'tests/authorization.test.ts',
  'tests/tenant-isolation.test.ts',
  'tests/federation.test.ts',
  'tests/inputs.test.ts',
  'tests/analytics-graph.test.ts',
  'tests/row-security.test.ts',
];

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlCommonJs }] },
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { LOG_LEVEL: 'silent' },
    reporters: ['default', 'json'],
    // `npm run test:faults` writes its own (--outputFile.json), so `npm test` leaves both.
    outputFile: { json: '.test-results/vitest.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'postgres',
          include: [
            'packages/*/test/**/*.test.ts',
            'gateway/test/**/*.test.ts',
            'subgraphs/*/test/**/*.test.ts',
            'tests/**/*.test.ts',
            'tests/e2e/**/*.e2e.ts',
          ],
          globalSetup: ['tests/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          // Its own Postgres cluster and Redis; the five services as processes (npm run test:faults).
          name: 'faults',
          include: ['tests/faults/**/*.fault.ts'],
          testTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'pglite',
          include: GRAPH_SUITES,
          env: { LOG_LEVEL: 'silent', CAREGRAPH_TEST_DB: 'pglite' },
        },
      },
    ],
  },
});
