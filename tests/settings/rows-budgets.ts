// Rows for the cost-based rate limits: user and role budgets, the anonymous per-IP bucket, trusted proxies.
import { expect } from 'vitest';
import type { RunningPlatform } from '@caregraph/gateway';
import type { Role } from '@caregraph/platform';
import { postGraphQL, freshToken } from '@caregraph/platform/testing';
import type { Row } from './harness';
import { ask } from './requests';

/** Costs 31: the connection, and 30 practitioners. */
const QUERY = '{ practitioners(first: 30) { nodes { id } } }';
/** A restore rate so slow that nothing measurable comes back while a row runs. */
const NO_REFILL = '0.001';

/** Sends QUERY `count` times as one fresh user: the statuses, and the budget headers of the first answer. */
async function burst(platform: RunningPlatform, count: number, roles: Role[] = ['receptionist']) {
  const token = await freshToken(roles);
  const statuses: number[] = [];
  let first: Record<string, string | null> = {};
  for (let i = 0; i < count; i++) {
    const response = await ask(platform.gatewayUrl, QUERY, token);
    statuses.push(response.status);
    if (i === 0) {
      first = Object.fromEntries(
        ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'].map((name) => [name, response.headers.get(name)]),
      );
    }
  }
  return { statuses, first };
}

/** Requests without a token (optionally from a forwarded address): the statuses and each Retry-After. */
async function anonymous(platform: RunningPlatform, forwardedFor: Array<string | undefined>) {
  const answers: Array<[number, string | null]> = [];
  for (const address of forwardedFor) {
    const response = await postGraphQL(platform.gatewayUrl, {
      query: '{ me { userId } }',
      headers: address ? { 'x-forwarded-for': address } : {},
    });
    answers.push([response.status, response.headers.get('retry-after')]);
  }
  return answers;
}

export const budgetRows: Row[] = [
  {
    variable: 'RATE_LIMIT_CAPACITY',
    effect: "each user's bucket holds CAPACITY cost points: a burst beyond them is 429",
    async check({ platform, defaults }) {
      const custom = await platform({
        RATE_LIMIT_CAPACITY: '100',
        RATE_LIMIT_RESTORE_RATE: NO_REFILL,
        MAX_COST: '100',
      });
      expect(await burst(custom, 4)).toMatchObject({
        statuses: [200, 200, 200, 429],
        first: { 'ratelimit-limit': '100', 'ratelimit-remaining': '69' },
      });
      expect(await burst(await defaults(), 4)).toMatchObject({
        statuses: [200, 200, 200, 200],
        first: { 'ratelimit-limit': '50000', 'ratelimit-remaining': '49969' },
      });
    },
  },
  {
    variable: 'RATE_LIMIT_RESTORE_RATE',
    effect: 'the bucket refills at RESTORE_RATE points per second (RateLimit-Reset: seconds until full)',
    async check({ platform, defaults }) {
      const custom = await platform({ RATE_LIMIT_RESTORE_RATE: '1' });
      // 31 points spent from a full bucket: ceil(31 / rate) seconds until it is full again.
      expect((await burst(custom, 1)).first['ratelimit-reset']).toBe('31');
      expect((await burst(await defaults(), 1)).first['ratelimit-reset']).toBe('1');
    },
  },
  {
    variable: 'RATE_LIMIT_ROLES',
    effect: 'a role listed gets its own capacity/restore rate; other roles keep the default budget',
    async check({ platform, defaults }) {
      const custom = await platform({ RATE_LIMIT_ROLES: `admin=100/${NO_REFILL}`, MAX_COST: '100' });
      expect(await burst(custom, 4, ['admin'])).toMatchObject({
        statuses: [200, 200, 200, 429],
        first: { 'ratelimit-limit': '100' },
      });
      expect(await burst(custom, 4, ['receptionist'])).toMatchObject({
        statuses: [200, 200, 200, 200],
        first: { 'ratelimit-limit': '50000' },
      });
      expect((await burst(await defaults(), 1, ['admin'])).first['ratelimit-limit']).toBe('50000');
    },
  },
  {
    variable: 'ANONYMOUS_RATE_LIMIT_CAPACITY',
    effect: 'requests without a valid token draw 1 point each from a per-IP bucket of this size, then 429',
    async check({ platform }) {
      const custom = await platform({
        ANONYMOUS_RATE_LIMIT_CAPACITY: '2',
        ANONYMOUS_RATE_LIMIT_RESTORE_RATE: NO_REFILL,
      });
      const statuses = (answers: Array<[number, unknown]>) => answers.map(([status]) => status);
      expect(statuses(await anonymous(custom, [undefined, undefined, undefined]))).toEqual([401, 401, 429]);
      const byDefault = await platform({});
      expect(statuses(await anonymous(byDefault, [undefined, undefined, undefined]))).toEqual([401, 401, 401]);
    },
  },
  {
    variable: 'ANONYMOUS_RATE_LIMIT_RESTORE_RATE',
    effect: 'the per-IP bucket refills at this many points per second (Retry-After on the 429)',
    async check({ platform }) {
      const custom = await platform({
        ANONYMOUS_RATE_LIMIT_CAPACITY: '1',
        ANONYMOUS_RATE_LIMIT_RESTORE_RATE: NO_REFILL,
      });
      const [first, second] = await anonymous(custom, [undefined, undefined]);
      expect([first![0], second![0]]).toEqual([401, 429]);
      // One point at 0.001 per second: 1000 s, less the whole seconds between the two requests.
      expect(Number(second![1])).toBeGreaterThan(900);
      expect(Number(second![1])).toBeLessThanOrEqual(1000);
      const byDefault = await platform({ ANONYMOUS_RATE_LIMIT_CAPACITY: '1' });
      const [, again] = await anonymous(byDefault, [undefined, undefined]);
      // At the default 1 point per second the wait is at most a second (or the point is already back).
      expect(again![0] === 401 || again![1] === '1').toBe(true);
    },
  },
  {
    variable: 'TRUSTED_PROXY',
    effect: 'X-Forwarded-For picks the anonymous per-IP bucket only when the proxy is trusted',
    async check({ platform }) {
      const budget = { ANONYMOUS_RATE_LIMIT_CAPACITY: '1', ANONYMOUS_RATE_LIMIT_RESTORE_RATE: NO_REFILL };
      const statuses = (answers: Array<[number, unknown]>) => answers.map(([status]) => status);
      // A name, a hop count and an address all trust the loopback hop the test's requests come through.
      for (const proxy of ['loopback', '1', '127.0.0.1']) {
        const trusted = await platform({ ...budget, TRUSTED_PROXY: proxy });
        const answers = await anonymous(trusted, ['2001:db8::1', '2001:db8::1', '2001:db8::2']);
        expect([proxy, statuses(answers)]).toEqual([proxy, [401, 429, 401]]);
      }
      const untrusted = await platform(budget);
      expect(statuses(await anonymous(untrusted, ['2001:db8::1', '2001:db8::2']))).toEqual([401, 429]);
    },
  },
];
