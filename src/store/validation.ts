import { z } from 'zod';

import { StoreError } from './errors.js';

/** Milliseconds since the Unix epoch: a non-negative safe integer. */
export const epochMs = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** A raw id: non-empty, at most 256 characters, as in the canonical tables. */
export const rawId = z.string().min(1).max(256);

/**
 * Parses `value` with `schema` or throws `STORE_INVALID_INPUT` naming the row (for example
 * `event 3 (event_id "e9")`), the field and the problem.
 */
export function parseRow<T extends z.ZodType>(schema: T, value: unknown, row: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;

  const issue = parsed.error.issues[0];
  const field = issue.path.join('.') || '(row)';
  throw new StoreError('STORE_INVALID_INPUT', `invalid ${row}: field ${field}: ${issue.message}; fix the row and retry`);
}

/** Parses a JSON column written by the store, which always contains an array of strings. */
export function parseStringArray(text: string): string[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
