// Whose bucket a request draws from, and how large that bucket is.
import type { Config, Identity } from '@caregraph/platform';
import type { Budget } from './bucket';

/** Partners share one bucket per client; everyone else has one per user; both per tenant. */
export function principalKey(identity: Identity): string {
  return identity.clientId && identity.roles.includes('partner')
    ? `${identity.tenantId}:client:${identity.clientId}`
    : `${identity.tenantId}:user:${identity.userId}`;
}

/** The most generous budget among the caller's roles (RATE_LIMIT_ROLES), else the default. */
export function budgetFor(identity: Identity, config: Config): Budget {
  const budgets = identity.roles.map((role) => config.RATE_LIMIT_ROLES[role]).filter((budget) => budget !== undefined);
  if (budgets.length === 0)
    return { capacity: config.RATE_LIMIT_CAPACITY, restoreRate: config.RATE_LIMIT_RESTORE_RATE };
  return budgets.reduce((best, budget) => (budget.capacity > best.capacity ? budget : best));
}

export function anonymousBudget(config: Config): Budget {
  return { capacity: config.ANONYMOUS_RATE_LIMIT_CAPACITY, restoreRate: config.ANONYMOUS_RATE_LIMIT_RESTORE_RATE };
}
