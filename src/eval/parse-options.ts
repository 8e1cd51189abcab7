import type { z } from 'zod';

import { EvaluationError } from './errors.js';

/** Validates model options once, turning zod issues into an EVAL_INVALID_OPTIONS error that names each field. */
export function parseOptions<Schema extends z.ZodType>(schema: Schema, options: unknown, owner: string): z.output<Schema> {
  const parsed = schema.safeParse(options);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`);
  throw new EvaluationError('EVAL_INVALID_OPTIONS', `Invalid ${owner} options: ${issues.join('; ')}.`, {
    owner,
    issues: parsed.error.issues,
  });
}
