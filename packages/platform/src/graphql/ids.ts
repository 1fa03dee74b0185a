// Validation of ids and other small inputs, raising BAD_USER_INPUT that names the field.
import { randomUUID } from 'node:crypto';
import { badInput } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Returns the id in canonical (lower-case) form or throws BAD_USER_INPUT for `field`. */
export function parseId(field: string, value: string): string {
  if (!UUID.test(value)) throw badInput(field, 'not a valid id');
  return value.toLowerCase();
}

export function parseIds(field: string, values: readonly string[]): string[] {
  return values.map((value) => parseId(field, value));
}

export function newId(): string {
  return randomUUID();
}

/** Trims text input and enforces a length range, naming the field on failure. */
export function parseText(field: string, value: string, { min = 1, max = 200 } = {}): string {
  const text = value.trim();
  if (text.length < min || text.length > max) throw badInput(field, `must be ${min}–${max} characters`);
  return text;
}

export function parseOptionalText(field: string, value: string | null | undefined, max = 2000): string | null {
  if (value == null) return null;
  const text = value.trim();
  if (text.length > max) throw badInput(field, `must be at most ${max} characters`);
  return text === '' ? null : text;
}
