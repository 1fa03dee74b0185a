// The Date and DateTime value rules: calendar-exact, within years 0001–9999, never rolled over into another day.
import { describe, expect, it } from 'vitest';
import { DateScalar, DateTimeScalar, dateProblem, dateTimeProblem } from '../src/graphql/scalars';

describe('Date', () => {
  it.each(['1990-02-01', '2024-02-29', '0001-01-01', '9999-12-31'])('accepts %s', (value) => {
    expect(dateProblem(value)).toBeNull();
    expect(DateScalar.parseValue(value)).toBe(value);
  });

  it.each([
    ['1990-02-31', 'not a calendar date'],
    ['2025-02-29', 'not a calendar date'],
    ['2026-13-01', 'not a calendar date'],
    ['0000-01-01', 'not a calendar date'],
    ['1990-2-3', 'expected YYYY-MM-DD'],
    ['2026-03-02T00:00:00Z', 'expected YYYY-MM-DD'],
    [20260302, 'expected YYYY-MM-DD'],
  ])('refuses %s: %s', (value, problem) => {
    expect(dateProblem(value)).toBe(problem);
    expect(() => DateScalar.parseValue(value)).toThrow(`Invalid Date: ${problem}`);
  });
});

describe('DateTime', () => {
  it.each(['2026-03-02T09:00:00Z', '2026-03-02T09:00+01:00', '2026-03-02T23:59:59.123456789-05:00'])(
    'accepts %s',
    (value) => {
      expect(dateTimeProblem(value)).toBeNull();
      expect(DateTimeScalar.parseValue(value)).toEqual(new Date(value));
    },
  );

  it.each([
    ['2026-02-30T10:00:00Z', 'not a valid date-time'],
    ['2026-03-02T24:00:00Z', 'not a valid date-time'],
    ['2026-03-02T10:60:00Z', 'not a valid date-time'],
    ['2026-03-02T10:00:60Z', 'not a valid date-time'],
    ['2026-03-02T10:00:00+24:00', 'not a valid date-time'],
    ['0000-06-01T00:00:00Z', 'not a valid date-time'],
    ['0001-01-01T00:30:00+01:00', 'out of range'],
    ['9999-12-31T23:00:00-05:00', 'out of range'],
    ['2026-03-02T10:00:00', 'expected an ISO 8601 date-time with offset, e.g. 2026-03-01T09:00:00Z'],
  ])('refuses %s: %s', (value, problem) => {
    expect(dateTimeProblem(value)).toBe(problem);
    expect(() => DateTimeScalar.parseValue(value)).toThrow(`Invalid DateTime: ${problem}`);
  });
});
