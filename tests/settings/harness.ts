// The settings table's shape and what its rows run with: the suite database, platforms started per row, shared fixtures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningPlatform } from '@caregraph/gateway';
import type { Database, Logger } from '@caregraph/platform';
import { startTestPlatform } from '../support/platform';

/** One variable of `.env.example`: what it is documented to do, and how the table observes it. */
export interface Row {
  variable: string;
  /** The documented effect, after the variable's comment in `.env.example`. */
  effect: string;
  /** Sets the variable to a value other than its default and asserts the exact outcome against the default. */
  check?: (context: RowContext) => Promise<void>;
  /** A focused test file that already checks the effect (it must exist and name the variable). */
  covered?: string;
}

export interface RowContext {
  /** The suite's seeded database (`caregraph_test` or CAREGRAPH_TEST_DATABASE). */
  database: Database;
  /** The platform with every variable at its default, started once for the file. */
  defaults(): Promise<RunningPlatform>;
  /**
   * A platform with `env` over the defaults, on `database` unless another is given; stopped when
   * the row ends. Its ledger writer is off: no row reads the ledger it writes, and stopping a
   * writer waits for its blocking read to time out.
   */
  platform(env: NodeJS.ProcessEnv, options?: { log?: Logger; database?: Database }): Promise<RunningPlatform>;
  /** Runs `cleanup` when the row ends (in reverse order of registration). */
  defer(cleanup: () => unknown): void;
  /** A new empty folder, removed when the row ends. */
  tempDir(): string;
  /** A fixture several rows observe: made by the first row that asks, released after the file. */
  shared<T>(key: string, make: () => Promise<T>, release?: (value: T) => unknown): Promise<T>;
}

/** The variable names of an `.env`-style file, in order (comments and blank lines skipped). */
export function documentedVariables(text: string): string[] {
  return text
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line.trim())?.[1])
    .filter((name): name is string => name !== undefined);
}

/** The context rows run in; `endRow` after each row, `endFile` once at the end. */
export function createRowContexts(database: () => Database) {
  const fixtures = new Map<string, Promise<unknown>>();
  const fileCleanups: Array<() => unknown> = [];
  let rowCleanups: Array<() => unknown> = [];
  let defaults: Promise<RunningPlatform> | undefined;

  const runAll = async (cleanups: Array<() => unknown>) => {
    const failures: unknown[] = [];
    for (const cleanup of cleanups.reverse())
      await Promise.resolve()
        .then(cleanup)
        .catch((error) => failures.push(error));
    if (failures.length) throw failures[0];
  };

  const context: RowContext = {
    get database() {
      return database();
    },
    defaults() {
      if (!defaults) {
        defaults = startTestPlatform(database(), {}, undefined, { runLedgerWriter: false });
        fileCleanups.push(async () => (await defaults!).stop());
      }
      return defaults;
    },
    async platform(env, options = {}) {
      const platform = await startTestPlatform(options.database ?? database(), env, options.log, {
        runLedgerWriter: false,
      });
      rowCleanups.push(() => platform.stop());
      return platform;
    },
    defer(cleanup) {
      rowCleanups.push(cleanup);
    },
    tempDir() {
      const dir = mkdtempSync(join(tmpdir(), 'caregraph-settings-'));
      rowCleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
    shared<T>(key: string, make: () => Promise<T>, release?: (value: T) => unknown): Promise<T> {
      if (!fixtures.has(key)) {
        const made = make();
        fixtures.set(key, made);
        if (release) fileCleanups.push(() => made.then(release, () => {}));
      }
      return fixtures.get(key) as Promise<T>;
    },
  };

  return {
    context,
    endRow: async () => {
      const cleanups = rowCleanups;
      rowCleanups = [];
      await runAll(cleanups);
    },
    endFile: () => runAll(fileCleanups.splice(0)),
  };
}
