import { z } from 'zod';

import { EVENT_TYPES } from '../store/index.js';

/**
 * Request schemas of the HTTP API (zod 4). Routes parse with them and also publish them, as JSON
 * Schema, on the OpenAPI page. Bodies are strict: an unknown field is an error, so a typo
 * (`readTime` for `read_time`) fails loudly instead of being dropped.
 */

/** A raw id: 1 to 256 characters, any Unicode, as in the store. */
export const idSchema = z.string().min(1).max(256);

/** ISO 8601 date-time with a time zone (Z or ±hh:mm), e.g. 2026-12-04T10:00:00Z. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A time as ms since the Unix epoch (integer) or an ISO 8601 string with a zone; outputs ms. */
export const timeSchema = z.union(
  [
  z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  z
    .string()
    .regex(ISO_DATE_TIME, 'expected ISO 8601 with a time zone, e.g. 2026-12-04T10:00:00Z, or ms since the epoch')
    .transform((text, context) => {
      const ms = Date.parse(text);
      if (Number.isNaN(ms) || ms < 0) {
        context.addIssue({ code: 'custom', message: `${text} is not a valid date-time after 1970` });
        return z.NEVER;
      }
      return ms;
    }),
  ],
  { error: 'expected ms since the Unix epoch (a non-negative integer) or ISO 8601 with a time zone, e.g. 2026-12-04T10:00:00Z' },
);

export const eventSchema = z.strictObject({
  event_id: z.string().min(1).max(128),
  user: idSchema,
  article: idSchema,
  type: z.enum(EVENT_TYPES),
  timestamp: timeSchema,
  /** Seconds spent reading. */
  read_time: z.number().min(0).max(86_400 * 365).nullable().optional(),
  like: z.boolean().nullable().optional(),
});
export type EventBody = z.output<typeof eventSchema>;

/** Builds the schema of a batch: a JSON array of 1 to `maxEvents` events. */
export function eventBatchSchema(maxEvents: number) {
  return z.array(eventSchema).min(1).max(maxEvents);
}

export const articleBodySchema = z.strictObject({
  title: z.string().max(1000),
  text: z.string().default(''),
  category: z.string().max(256).nullable().default(null),
  tags: z.array(z.string().max(256)).max(100).default([]),
  author: z.string().max(256).nullable().default(null),
  published_at: timeSchema.nullable().default(null),
  /** Time after which the article is not recommended; null clears it, absent keeps it. */
  expires_at: timeSchema.nullable().optional(),
  /** false unhides a hidden article; absent keeps the stored state. */
  hidden: z.boolean().optional(),
});
export type ArticleBody = z.output<typeof articleBodySchema>;

export const registerModelBodySchema = z.strictObject({
  version: z.string().min(1).max(200),
  /** Model directory on the server's disk. */
  path: z.string().min(1).max(4096),
  metrics: z.record(z.string(), z.unknown()).optional(),
});

/** Builds the schema of a positive integer in decimal digits, which rejects 1e3, 0x10, 5.0, NaN and ''. */
function positiveIntegerParameter(name: string, max: number) {
  return z
    .string()
    .regex(/^[0-9]{1,9}$/, `${name} must be a positive integer in decimal digits`)
    .transform(Number)
    .pipe(z.int().min(1, `${name} must be at least 1`).max(max, `${name} must be at most ${max}`));
}

const booleanParameter = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

export function recommendationsQuerySchema(maxK: number, maxExclude: number) {
  return z.strictObject({
    k: positiveIntegerParameter('k', maxK).default(10),
    /** Comma-separated ids; the parameter may repeat. */
    exclude: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((value) => splitIdList(value))
      .pipe(z.array(idSchema).max(maxExclude, `exclude lists at most ${maxExclude} ids`)),
    explain: booleanParameter.default(false),
  });
}

export function similarQuerySchema(maxK: number) {
  return z.strictObject({ k: positiveIntegerParameter('k', maxK).default(10) });
}

export const userParamsSchema = z.strictObject({ userId: idSchema });
export const articleParamsSchema = z.strictObject({ articleId: idSchema });
export const versionParamsSchema = z.strictObject({ version: z.string().min(1).max(200) });

/** Splits comma-separated id lists (one string or a repeated parameter), dropping empty entries. */
function splitIdList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const parts = (Array.isArray(value) ? value : [value]).flatMap((item) => item.split(','));
  return parts.filter((part) => part.length > 0);
}

/** JSON Schema of a request schema for the OpenAPI page (input side: what clients send). */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}
