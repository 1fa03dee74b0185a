// Configuration: every environment variable the platform reads, parsed once with zod.
import { z } from 'zod';
import { trafficVariables } from './traffic-config';

export const SUBGRAPH_NAMES = ['patient', 'appointment', 'prescription', 'audit'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));
const pem = optionalText.transform((value) => value?.replace(/\\n/g, '\n'));
/** `host:port,host:port` (IPv6 hosts in brackets) → the seed nodes of a Redis Cluster. */
const hostPorts = optionalText.transform((value, ctx) => {
  if (value === undefined) return undefined;
  return value.split(',').map((node) => {
    const [, bracketed, host, port] = /^\s*(?:\[([\da-fA-F:.]+)\]|([^\s:[\]]+)):(\d{1,5})\s*$/.exec(node) ?? [];
    if (!port || Number(port) < 1 || Number(port) > 65535) {
      ctx.addIssue({ code: 'custom', message: `"${node.trim()}" is not host:port (comma-separated seed nodes)` });
    }
    return { host: (bracketed ?? host)!, port: Number(port) };
  });
});

const ROLES = ['admin', 'doctor', 'nurse', 'receptionist', 'patient', 'analyst', 'partner', 'auditor'] as const;

const roleList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((role) => role.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(ROLES)));

/** A per-role budget: points the bucket holds, and points restored per second. */
export interface RoleBudget {
  capacity: number;
  restoreRate: number;
}

/** `partner=5000/100,analyst=100000/2000` → role → budget. */
function parseRoleBudgets(value: string, ctx: z.RefinementCtx): Partial<Record<(typeof ROLES)[number], RoleBudget>> {
  const budgets: Partial<Record<(typeof ROLES)[number], RoleBudget>> = {};
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([a-z]+)=(\d+)\/(\d+(?:\.\d+)?)$/.exec(entry);
    const role = match?.[1] as (typeof ROLES)[number] | undefined;
    if (!match || !role || !ROLES.includes(role)) {
      ctx.addIssue({ code: 'custom', message: `expected role=capacity/restorePerSecond, got "${entry}"` });
      continue;
    }
    budgets[role] = { capacity: Number(match[2]), restoreRate: Number(match[3]) };
  }
  return budgets;
}

const variables = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('.data'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  DATABASE_URL: optionalText.pipe(z.url().optional()),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  GATEWAY_PORT: port(4000),
  PATIENT_PORT: port(4001),
  APPOINTMENT_PORT: port(4002),
  PRESCRIPTION_PORT: port(4003),
  AUDIT_PORT: port(4004),
  PATIENT_URL: optionalText.pipe(z.url().optional()),
  APPOINTMENT_URL: optionalText.pipe(z.url().optional()),
  PRESCRIPTION_URL: optionalText.pipe(z.url().optional()),
  AUDIT_URL: optionalText.pipe(z.url().optional()),
  SUPERGRAPH_PATH: z.string().default('schema/supergraph.graphql'),
  ANALYTICS_SUPERGRAPH_PATH: z.string().default('schema/analytics-supergraph.graphql'),
  AUTH_ISSUER: z.string().min(1).default('caregraph-dev'),
  AUTH_AUDIENCE: z.string().min(1).default('caregraph'),
  AUTH_JWKS_URL: optionalText.pipe(z.url().optional()),
  AUTH_PUBLIC_KEY: pem,
  AUTH_ALGORITHMS: z
    .string()
    .default('ES256')
    .transform((value) =>
      value
        .split(',')
        .map((alg) => alg.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'])).min(1)),
  AUTH_JWKS_COOLDOWN_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  AUTH_MAX_TOKEN_AGE_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  AUTH_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  ASSERTION_PRIVATE_KEY: pem,
  ASSERTION_PUBLIC_KEY: pem,
  ASSERTION_TTL_SECONDS: z.coerce.number().int().min(5).max(60).default(30),
  ...trafficVariables,
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  DATABASE_READ_URL: optionalText.pipe(z.url().optional()),
  REDIS_URL: optionalText.pipe(z.url().optional()),
  /** Seed nodes of a Redis Cluster, instead of REDIS_URL. */
  REDIS_CLUSTER_NODES: hostPorts,
  /** Starts every key the platform writes; blank means the default, which gives the keys of before. */
  REDIS_PREFIX: optionalText
    .pipe(
      z
        .string()
        .max(64)
        .regex(/^[\w:.{}-]+$/, 'letters, digits and : _ . - { } only')
        .optional(),
    )
    .transform((value) => value ?? 'caregraph:'),
  APQ_TTL_SECONDS: z.coerce.number().int().min(60).max(31_536_000).default(86_400),
  TRUSTED_DOCUMENTS_DIR: z.string().default('schema/persisted'),
  TRUSTED_DOCUMENTS_MODE: z.enum(['enforce', 'log-unknown']).default('enforce'),
  TRUSTED_DOCUMENTS_CLIENTS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((client) => client.trim())
        .filter(Boolean),
    ),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(2557),
  AUDIT_CHECKPOINT_KEY: z.string().min(16).default('development-checkpoint-key'),
  ANALYTICS_MIN_CELL: z.coerce.number().int().min(1).max(1000).default(5),
  ANALYTICS_PSEUDONYM_KEY: z.string().min(16).default('development-pseudonym-key'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50_000_000).default(1_048_576),
  BATCH_MAX: z.coerce.number().int().min(0).max(100).default(0),
  VARIABLE_STRING_MAX: z.coerce.number().int().min(1).max(10_000_000).default(20_000),
  MAX_TOKENS: z.coerce.number().int().min(10).max(1_000_000).default(1000),
  MAX_DEPTH: z.coerce.number().int().min(1).max(100).default(10),
  MAX_ALIASES: z.coerce.number().int().min(0).max(10_000).default(30),
  MAX_DIRECTIVES: z.coerce.number().int().min(0).max(10_000).default(20),
  MAX_ROOT_FIELDS: z.coerce.number().int().min(1).max(1000).default(25),
  MAX_COST: z.coerce.number().int().min(1).max(100_000_000).default(20_000),
  COST_DEFAULT_LIST_SIZE: z.coerce.number().int().min(1).max(10_000).default(10),
  INTROSPECTION_ROLES: roleList,
  RATE_LIMIT_CAPACITY: z.coerce.number().int().min(1).max(1_000_000_000).default(50_000),
  RATE_LIMIT_RESTORE_RATE: z.coerce.number().min(0.001).max(1_000_000_000).default(2_000),
  RATE_LIMIT_ROLES: z
    .string()
    .default('')
    .transform((value, ctx) => parseRoleBudgets(value, ctx)),
  ANONYMOUS_RATE_LIMIT_CAPACITY: z.coerce.number().int().min(1).max(1_000_000).default(30),
  ANONYMOUS_RATE_LIMIT_RESTORE_RATE: z.coerce.number().min(0.001).max(1_000_000).default(1),
  TRUSTED_PROXY: z.string().default(''),
  SEED_PATIENTS: z.coerce.number().int().min(1).max(100_000).default(200),
  SEED_ON_START: z.enum(['auto', 'always', 'never']).default('auto'),
});

/** Every environment variable the platform reads (documented in .env.example). */
export const CONFIG_VARIABLES = Object.keys(variables.shape);

const schema = variables.superRefine((env, ctx) => {
  const budgets = [env.RATE_LIMIT_CAPACITY, ...Object.values(env.RATE_LIMIT_ROLES).map((budget) => budget.capacity)];
  if (Math.min(...budgets) < env.MAX_COST) {
    ctx.addIssue({
      code: 'custom',
      path: ['MAX_COST'],
      message: 'must not exceed any rate-limit capacity (such a query could never run)',
    });
  }
  for (const name of Object.keys(env.SUBGRAPH_TRAFFIC_POLICY)) {
    if (!(SUBGRAPH_NAMES as readonly string[]).includes(name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['SUBGRAPH_TRAFFIC_POLICY'],
        message: `"${name}" is not a subgraph (${SUBGRAPH_NAMES.join(', ')})`,
      });
    }
  }
  if (env.DATABASE_READ_URL && !env.DATABASE_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['DATABASE_READ_URL'],
      message: 'needs DATABASE_URL (the embedded database has no replica)',
    });
  }
  if (env.REDIS_URL && env.REDIS_CLUSTER_NODES) {
    ctx.addIssue({
      code: 'custom',
      path: ['REDIS_CLUSTER_NODES'],
      message: 'set REDIS_CLUSTER_NODES (a Redis Cluster) or REDIS_URL (one Redis), not both',
    });
  }
  if (env.NODE_ENV !== 'production') return;
  if (!env.REDIS_URL && !env.REDIS_CLUSTER_NODES) {
    ctx.addIssue({
      code: 'custom',
      path: ['REDIS_URL'],
      message:
        'required (or REDIS_CLUSTER_NODES): production needs a shared Redis for rate limits, APQ and the audit stream',
    });
  }
  const required: Array<[keyof typeof env, string]> = [
    ['DATABASE_URL', 'production needs a real Postgres'],
    ['ASSERTION_PUBLIC_KEY', 'production refuses the generated development keys'],
  ];
  if (env.AUDIT_CHECKPOINT_KEY === 'development-checkpoint-key') {
    ctx.addIssue({ code: 'custom', path: ['AUDIT_CHECKPOINT_KEY'], message: 'production needs its own secret key' });
  }
  if (env.ANALYTICS_PSEUDONYM_KEY === 'development-pseudonym-key') {
    ctx.addIssue({ code: 'custom', path: ['ANALYTICS_PSEUDONYM_KEY'], message: 'production needs its own secret key' });
  }
  if (env.SEED_ON_START === 'always') {
    ctx.addIssue({
      code: 'custom',
      path: ['SEED_ON_START'],
      message: 'production never seeds demo data at start (npm run seed -- --demo-data-in-production does, on purpose)',
    });
  }
  if (!env.AUTH_JWKS_URL && !env.AUTH_PUBLIC_KEY) {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_JWKS_URL'],
      message: 'production needs AUTH_JWKS_URL or AUTH_PUBLIC_KEY',
    });
  }
  for (const [key, why] of required) {
    if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: `required: ${why}` });
  }
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once; a bad value throws a ConfigError naming each variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return parseOrThrow(schema, env);
}

function parseOrThrow<T>(parser: z.ZodType<T>, env: NodeJS.ProcessEnv): T {
  const parsed = parser.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/** What the one-shot database scripts (migrate, seed) read: production requires DATABASE_URL and nothing else. */
const databaseScriptSchema = variables
  .pick({
    NODE_ENV: true,
    DATA_DIR: true,
    DATABASE_URL: true,
    DATABASE_READ_URL: true,
    DATABASE_POOL_MAX: true,
    DATABASE_STATEMENT_TIMEOUT_MS: true,
    SEED_PATIENTS: true,
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'required: production needs a real Postgres' });
    }
  });

export type DatabaseScriptConfig = z.infer<typeof databaseScriptSchema>;

/** The configuration of `npm run migrate` and `npm run seed`: the database, and nothing the services need. */
export function loadDatabaseScriptConfig(env: NodeJS.ProcessEnv = process.env): DatabaseScriptConfig {
  return parseOrThrow(databaseScriptSchema, env);
}

/** NODE_ENV alone: what a script that production refuses checks before anything else. */
export function loadNodeEnv(env: NodeJS.ProcessEnv = process.env): Config['NODE_ENV'] {
  return parseOrThrow(variables.pick({ NODE_ENV: true }), env).NODE_ENV;
}

export function subgraphPort(config: Config, name: SubgraphName): number {
  const ports = {
    patient: config.PATIENT_PORT,
    appointment: config.APPOINTMENT_PORT,
    prescription: config.PRESCRIPTION_PORT,
    audit: config.AUDIT_PORT,
  } satisfies Record<SubgraphName, number>;
  return ports[name];
}

/** Where the gateway reaches a subgraph: its *_URL variable, else this host and its port. */
export function subgraphUrl(config: Config, name: SubgraphName): string {
  const urls = {
    patient: config.PATIENT_URL,
    appointment: config.APPOINTMENT_URL,
    prescription: config.PRESCRIPTION_URL,
    audit: config.AUDIT_URL,
  } satisfies Record<SubgraphName, string | undefined>;
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  return urls[name] ?? `http://${host}:${subgraphPort(config, name)}/graphql`;
}

/** The settings every subgraph receives, from configuration. */
export function subgraphSettings(config: Config) {
  return {
    analyticsMinCell: config.ANALYTICS_MIN_CELL,
    pseudonymKey: config.ANALYTICS_PSEUDONYM_KEY,
    auditRetentionDays: config.AUDIT_RETENTION_DAYS,
    auditCheckpointKey: config.AUDIT_CHECKPOINT_KEY,
  };
}
