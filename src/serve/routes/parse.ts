import type { z } from 'zod';

import { invalidRequest } from '../errors.js';

/** Part of the request a value comes from: the first segment of an issue's path. */
export type RequestPart = 'params' | 'query' | 'body';

/**
 * Parses one part of a request with its zod schema, or throws `invalid_request` listing every
 * issue with its path (for example `body.0.timestamp`) and message.
 */
export function parseRequestPart<T extends z.ZodType>(schema: T, value: unknown, part: RequestPart): z.output<T> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  throw invalidRequest(
    parsed.error.issues.slice(0, 20).map((issue) => ({
      path: [part, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  );
}
