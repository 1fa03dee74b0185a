// The custom scalars the subgraphs share — DateTime (ISO 8601 instant) and Date (calendar day) — and their value rules.
import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from '../errors';

const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** What Postgres can store and postgres.js can send: years 0001–9999 (there is no year 0). */
const STORABLE_INSTANT = /^(?!0000)\d{4}-/;

/** Why `value` is not a calendar date YYYY-MM-DD in years 0001–9999, or null when it is one. */
export function dateProblem(value: unknown): string | null {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return 'expected YYYY-MM-DD';
  const parsed = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value || value.startsWith('0000')) {
    return 'not a calendar date';
  }
  return null;
}

/** Why `value` is not an ISO 8601 date-time with offset, at an instant in years 0001–9999, or null. */
export function dateTimeProblem(value: unknown): string | null {
  const match = typeof value === 'string' ? ISO_DATE_TIME.exec(value) : null;
  if (!match) return 'expected an ISO 8601 date-time with offset, e.g. 2026-03-01T09:00:00Z';
  const [, date, hours, minutes, seconds = '0', offsetHours = '0', offsetMinutes = '0'] = match;
  const inRange = Number(hours) <= 23 && Number(minutes) <= 59 && Number(seconds) <= 59;
  const offsetInRange = Number(offsetHours) <= 23 && Number(offsetMinutes) <= 59;
  if (dateProblem(date) || !inRange || !offsetInRange) return 'not a valid date-time';
  const instant = new Date(value as string);
  if (Number.isNaN(instant.getTime()) || !STORABLE_INSTANT.test(instant.toISOString())) return 'out of range';
  return null;
}

/**
 * The value rule of each custom scalar, by type name. The subgraphs' scalars throw with it; the
 * gateway, whose schema knows these scalars only by name, checks variables and literals with it.
 */
export const SCALAR_VALUE_RULES: Readonly<Record<string, (value: unknown) => string | null>> = {
  Date: dateProblem,
  DateTime: dateTimeProblem,
};

function parseDateTime(value: unknown): Date {
  const problem = dateTimeProblem(value);
  if (problem) throw badInput('DateTime', problem);
  return new Date(value as string);
}

function parseDate(value: unknown): string {
  const problem = dateProblem(value);
  if (problem) throw badInput('Date', problem);
  return value as string;
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant, as an ISO 8601 string with offset (UTC on output).',
  serialize: (value) => (value instanceof Date ? value : new Date(String(value))).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value)),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});
