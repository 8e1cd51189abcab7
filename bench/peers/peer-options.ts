/**
 * Options shared by every training peer, validated once. pytorch_peer.py accepts the same
 * flags with the same defaults and limits.
 */
import { z } from 'zod';

import { PeerError } from './peer-error.js';

export const TrainingOptionsSchema = z.object({
  /** Interactions CSV (user_id,article_id,timestamp,click,read_time,like). */
  data: z.string().min(1),
  epochs: z.number().int().min(1).max(1000).default(1),
  /** Examples per step; the last step of an epoch may be smaller. */
  batch: z.number().int().min(2).max(65536).default(1024),
  /** Embedding width of both tables. */
  dim: z.number().int().min(1).max(4096).default(64),
  /** Seed of the example order and of the initial tables; a uint32. */
  seed: z.number().int().min(0).max(0xffffffff).default(42),
  /** Stop after this many steps in total and extrapolate the epoch time; omitted = run every epoch in full. */
  maxSteps: z.number().int().min(1).optional(),
  /** Standard deviation of the normal initial tables; 0 gives all-zero tables (used by tests). */
  initStd: z.number().min(0).max(10).default(0.05),
  /** Add every step's loss to the result line. */
  traceLosses: z.boolean().default(false),
});

export type TrainingOptions = z.infer<typeof TrainingOptionsSchema>;

/** Validates options, raising PEER_OPTION_INVALID with the offending field and value. */
export function parseTrainingOptions(input: unknown): TrainingOptions {
  const parsed = TrainingOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    const value = (input as Record<string, unknown>)[field];
    throw new PeerError('PEER_OPTION_INVALID', `--${kebab(field)} ${String(value)} is invalid: ${issue.message}.`);
  }
  return parsed.data;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
