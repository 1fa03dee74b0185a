// fast-check arbitraries of hostile values for one kind of input position, each with who must refuse it.
import fc from 'fast-check';

/** Every generated string starts with it, so an echo of the value in a response is easy to spot. */
export const MARK = 'Hq9Zk';

/** JSON text sent as is (values JSON.stringify cannot produce: -0, 10,000-deep nesting, 2^53+1). */
export class Raw {
  constructor(readonly json: string) {}
}

/**
 * `gateway`: refused by the gateway as BAD_USER_INPUT naming the variable (and the path inside
 * it), before any subgraph fetch; `gateway-variable`: the same, naming only the variable (nesting
 * too deep); `body`: refused as 413 by the body limit; `anywhere`: some layer refuses it or the
 * query answers normally — never a 5xx, and a mutation must not succeed.
 */
export type Refusal = 'gateway' | 'gateway-variable' | 'body' | 'anywhere';

export interface Hostile {
  value: unknown;
  refusal: Refusal;
  /** What it is, for failure reports. */
  label: string;
}

/** The kind of input position a hostile value is aimed at. */
export type Kind = 'text' | 'id' | 'cursor' | 'int' | 'date' | 'datetime' | 'enum' | 'object' | 'list';

const hostile =
  (refusal: Refusal, label: string) =>
  (value: unknown): Hostile => ({ value, refusal, label });

const around = (middle: fc.Arbitrary<string>) =>
  fc.tuple(fc.string({ maxLength: 6 }), middle, fc.string({ maxLength: 6 })).map(([a, m, b]) => `${MARK}${a}${m}${b}`);

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** YYYY-MM-DD strings of the right shape that are no calendar date Postgres can store. */
const impossibleDate = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
  .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`)
  .filter((text) => {
    const [y, m, d] = text.split('-').map(Number) as [number, number, number];
    return (
      y === 0 ||
      m < 1 ||
      m > 12 ||
      d < 1 ||
      d > new Date(Date.UTC(2000, m, 0)).getUTCDate() ||
      (m === 2 && d === 29 && y % 4 !== 0)
    );
  });

const impossibleDateTime = fc.oneof(
  impossibleDate.map((date) => `${date}T10:00:00Z`),
  fc
    .tuple(fc.integer({ min: 24, max: 99 }), fc.integer({ min: 0, max: 99 }))
    .map(([h, m]) => `2026-03-02T${pad(h, 2)}:${pad(m, 2)}:00Z`),
  fc.integer({ min: 60, max: 99 }).map((m) => `2026-03-02T10:${pad(m, 2)}:00Z`),
  fc.integer({ min: 24, max: 99 }).map((h) => `2026-03-02T10:00:00+${pad(h, 2)}:00`),
  fc.constantFrom('9999-12-31T23:00:00-05:00', '0001-01-01T00:30:00+01:00', '2026-03-02T10:00:00', '2026-03-02'),
);

const numbersNoInt = fc.oneof(
  fc.constantFrom<unknown>(1e308, -1e308, 2 ** 31, -(2 ** 31) - 1, 1.5, 'NaN', 'Infinity', '-0', '1', true, {}, []),
  fc.constant(new Raw('9007199254740993')),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x) || Math.abs(x) >= 2 ** 31),
);

/** Hostile values for `kind`; `required` positions also get null and the empty string. */
export function hostileFor(kind: Kind, required: boolean, foreignIds: readonly string[]): fc.Arbitrary<Hostile> {
  const everywhere: Array<fc.Arbitrary<Hostile>> = [
    around(fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF')).map(
      hostile('gateway', 'NUL or lone surrogate'),
    ),
    fc
      .integer({ min: 20_001, max: 30_000 })
      .map((n) => MARK + 'x'.repeat(n))
      .map(hostile('gateway', 'over-long string')),
    fc
      .tuple(fc.integer({ min: 1_000, max: 10_000 }), fc.boolean())
      .map(
        ([depth, list]) =>
          new Raw(list ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
      )
      .map(hostile('gateway-variable', 'deep nesting')),
    fc.constant(MARK + 'x'.repeat(1024 * 1024)).map(hostile('body', '1 MB string')),
  ];
  if (required) everywhere.push(fc.constant(null).map(hostile('gateway', 'null')));
  const textual = (refusal: Refusal) => [
    around(fc.constantFrom('\u202E', '\u202D', '\u2066', '\u2067')).map(hostile(refusal, 'bidi override')),
    ...(required ? [fc.constant('').map(hostile(refusal, 'empty string'))] : []),
  ];
  const wrongForText = fc.constantFrom<unknown>(true, 12.5, {}, [[MARK]]).map(hostile('gateway', 'wrong type'));
  const byKind: Record<Kind, Array<fc.Arbitrary<Hostile>>> = {
    text: [...textual('anywhere'), wrongForText],
    id: [
      ...textual('anywhere'),
      wrongForText,
      fc
        .oneof(
          fc.constantFrom('not-a-uuid', 'NaN', '-0', '00000000-0000-0000-0000-000000000000', ...foreignIds),
          around(fc.string({ maxLength: 30 })),
        )
        .map(hostile('anywhere', 'malformed or foreign id')),
    ],
    cursor: [
      ...textual('anywhere'),
      wrongForText,
      fc
        .oneof(
          fc.base64String({ maxLength: 60 }),
          fc
            .tuple(
              fc.constantFrom<unknown>('\u0000x', '1990-02-31T00:00:00Z', '+010000-01-01T00:00:00.000Z', '', 1, null),
              fc.constantFrom<unknown>('00000000-0000-4000-8000-000000000000', 'x', 5),
            )
            .map((key) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url')),
        )
        .map(hostile('anywhere', 'garbage cursor')),
    ],
    int: [
      numbersNoInt.map(hostile('gateway', 'not a 32-bit integer')),
      fc
        .oneof(
          fc.constant(new Raw('-0')),
          fc.integer({ min: -(2 ** 31), max: 0 }),
          fc.integer({ min: 366, max: 2 ** 31 - 1 }),
        )
        .map(hostile('anywhere', 'out-of-range integer')),
    ],
    date: [
      fc
        .oneof(
          impossibleDate,
          fc.constantFrom<unknown>(
            '1990-02-31',
            '0000-01-01',
            '2025-02-29',
            '1990-2-3',
            'NaN',
            '2026-03-02T00:00:00Z',
            20260302,
            '',
            ['2026-03-02'],
            {},
          ),
        )
        .map(hostile('gateway', 'impossible date')),
    ],
    datetime: [
      fc
        .oneof(impossibleDateTime, fc.constantFrom<unknown>('NaN', '', 1e308, ['2026-03-02T10:00:00Z'], {}))
        .map(hostile('gateway', 'impossible date-time')),
    ],
    enum: [
      fc
        .oneof(fc.constantFrom<unknown>('NOT_A_VALUE', 'booked', 5, true, {}, ''), around(fc.string()))
        .map(hostile('gateway', 'not an enum value')),
    ],
    object: [fc.constantFrom<unknown>('x', 5, true, [], { [MARK]: 1 }).map(hostile('gateway', 'not the input object'))],
    list: [fc.constantFrom<unknown>(true, 12.5).map(hostile('gateway', 'not a list'))],
  };
  // What is specific to the kind weighs more than what is aimed at every position alike.
  return fc.oneof(...everywhere, ...byKind[kind].map((arbitrary) => ({ arbitrary, weight: 3 })));
}
