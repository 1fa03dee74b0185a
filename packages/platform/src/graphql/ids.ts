// Validation of ids and other small inputs, raising BAD_USER_INPUT that names the field.
import { randomUUID } from 'node:crypto';
import { badInput } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Bidirectional embeddings, overrides and isolates: stored, they make text display as other text. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

/** Why no text of the graph can hold `text` (Postgres refuses NUL; unpaired surrogates are not text), or null. */
export function unstorableTextProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character';
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired surrogate';
  return null;
}

/** Free-text rules: storable, and no bidirectional controls (names, reasons and notes are shown to others). */
function textProblem(text: string): string | null {
  return unstorableTextProblem(text) ?? (BIDI_CONTROLS.test(text) ? 'contains bidirectional control characters' : null);
}

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
  const problem = textProblem(text);
  if (problem) throw badInput(field, problem);
  return text;
}

export function parseOptionalText(field: string, value: string | null | undefined, max = 2000): string | null {
  if (value == null) return null;
  const text = value.trim();
  if (text.length > max) throw badInput(field, `must be at most ${max} characters`);
  const problem = textProblem(text);
  if (problem) throw badInput(field, problem);
  return text === '' ? null : text;
}
