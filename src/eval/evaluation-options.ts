import { z } from 'zod';

import { DEFAULT_HEAD_SHARE } from './metrics/popularity-bias.js';
import { DEFAULT_TOP_K_ACCURACY_KS } from './metrics/top-k-accuracy.js';
import { DEFAULT_USER_K } from './metrics/user-ranking.js';
import { parseOptions } from './parse-options.js';

export const evaluationOptionsSchema = z
  .object({
    /** Cut-offs for factorized top-K accuracy. */
    ks: z
      .array(z.number().int().min(1))
      .min(1)
      .default(() => [...DEFAULT_TOP_K_ACCURACY_KS]),
    /** Cut-offs of the per-user recall@K curve in the report. */
    recallCurveKs: z
      .array(z.number().int().min(1))
      .default(() => [...DEFAULT_RECALL_CURVE_KS]),
    /** Cut-off for per-user recall/NDCG/hit rate and the length of the recommended lists. */
    k: z.number().int().min(1).default(DEFAULT_USER_K),
    /** Candidate settings to evaluate; see candidate-settings.ts. */
    candidates: z.enum(['warm', 'live', 'both']).default('both'),
    /** Maximum test users, drawn uniformly with `seed`; all users when absent. */
    maxTestUsers: z.number().int().min(1).optional(),
    /**
     * Minimum positive training interactions a test user needs. 0 keeps users new at the cutoff,
     * whom item-kNN and EASE score 0 everywhere.
     */
    minHistory: z.number().int().min(0).default(0),
    /** Seed for the user sample, passed to every model's fit. */
    seed: z.number().int().min(0).max(0xffffffff).default(42),
    /** Remove the user's training history from the per-user ranking and from the recommended lists. */
    excludeHistory: z.boolean().default(true),
    /** Remove the user's history from the top-K accuracy ranking too (TFRS does not). */
    excludeHistoryInTopKAccuracy: z.boolean().default(false),
    /** Share of training interactions that defines the popular head for the long-tail metric. */
    headShare: z.number().gt(0).max(1).default(DEFAULT_HEAD_SHARE),
    /** Categories and authors listed individually in the exposure tables. */
    exposureGroups: z.number().int().min(0).default(20),
    /**
     * Pass each request the test rows strictly before its time (`ScoringRequest.recent`), as a
     * deployed service that ingests events would have them. Time-aware models (two-tower time
     * term, recently popular) count these events; batch models ignore them. Off by default, so
     * the models see training rows only. A random split rejects it because its test rows are
     * not later than the training rows.
     */
    liveFeed: z.boolean().default(false),
  })
  .strict();

/** Default cut-offs of the recall@K curve. */
export const DEFAULT_RECALL_CURVE_KS: readonly number[] = [1, 5, 10, 20, 50, 100];

export type EvaluationOptions = z.input<typeof evaluationOptionsSchema>;
export type ResolvedEvaluationOptions = z.output<typeof evaluationOptionsSchema>;

export function resolveEvaluationOptions(options: EvaluationOptions = {}): ResolvedEvaluationOptions {
  return parseOptions(evaluationOptionsSchema, options, 'evaluation');
}
