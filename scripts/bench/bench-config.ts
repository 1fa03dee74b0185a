// What every benchmark shares: the data folder, budgets out of the way, tokens for seeded logins, service environment.
import { demoLogins, loadConfig, loadOrCreateDevKeys, signDevToken, type Config } from '@caregraph/platform';
import { BENCH_DATABASE_URL } from './bench-database';

export const BENCH_DATA_DIR = '.data/bench';

/** Every protection runs; the budgets are only large enough not to refuse the load. */
const BUDGETS = { RATE_LIMIT_CAPACITY: '1000000000', RATE_LIMIT_RESTORE_RATE: '1000000000' };

export function benchConfig(env: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({ NODE_ENV: 'test', DATA_DIR: BENCH_DATA_DIR, ...BUDGETS, ...env });
}

/** A development token for a seeded login (doctor@acme.test unless told), signed with the bench's dev key. */
export async function benchToken(config: Config, login = 'doctor@acme.test'): Promise<string> {
  const seeded = demoLogins().find((candidate) => candidate.login === login);
  if (!seeded) throw new Error(`No seeded login ${login}`);
  return signDevToken(await loadOrCreateDevKeys(config.DATA_DIR), config, seeded.identity);
}

export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const BENCH_REDIS_PREFIX = 'caregraph-bench:';

/** The environment of the services the bench runs as processes (services mode). */
export function benchServiceEnv(): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATA_DIR: BENCH_DATA_DIR,
    HOST: '127.0.0.1',
    DATABASE_URL: BENCH_DATABASE_URL,
    REDIS_URL: BENCH_REDIS_URL,
    // Keys of their own: events a bench run leaves undelivered never reach another deployment's ledger writer.
    REDIS_PREFIX: BENCH_REDIS_PREFIX,
    ...BUDGETS,
  };
}
