import { z } from 'zod';

import { ModelError } from './errors.js';

/**
 * Settings of the two-tower model, validated once. A preset fills the defaults:
 *
 * - 'id-only': user-id and article-id embeddings of size `dim`, no projection, no logQ, no time
 *   term. The classic matrix-factorisation retrieval model (what the benchmark peers train).
 * - 'hybrid': the query tower adds the reading history and profile topics, the candidate tower
 *   adds text, category, tags and author, each tower projects its concatenated parts to `dim`,
 *   and a learned time term (article age x trailing popularity) is added outside the dot product.
 *
 * Any field given explicitly overrides the preset's value.
 */
export const MODEL_PRESETS = ['id-only', 'hybrid'] as const;
export type ModelPreset = (typeof MODEL_PRESETS)[number];

const featureFlagsSchema = z.strictObject({
  userId: z.boolean(),
  /** Mean of the embeddings of the user's last `historyLength` articles before the event. */
  history: z.boolean(),
  /** Mean of the category embeddings of the user's preferred topics. */
  profileTopics: z.boolean(),
  articleId: z.boolean(),
  /** Weighted mean of hashed title/body unigram and bigram bucket embeddings. */
  text: z.boolean(),
  category: z.boolean(),
  tags: z.boolean(),
  author: z.boolean(),
});
export type FeatureFlags = z.infer<typeof featureFlagsSchema>;

const timeTermSchema = z.strictObject({
  enabled: z.boolean(),
  /** Trailing window for the popularity input, in hours. */
  windowHours: z.number().positive().max(24 * 366),
  /** Age buckets: unknown, not yet published, then floor(log2(1 + age in hours)) capped. */
  ageBuckets: z.int().min(3).max(64),
  /** Popularity buckets: floor(log2(1 + trailing count)) capped. */
  popularityBuckets: z.int().min(2).max(64),
});
export type TimeTermConfig = z.infer<typeof timeTermSchema>;

const configSchema = z.strictObject({
  preset: z.enum(MODEL_PRESETS),
  /** Query and candidate embedding dimension d. */
  dim: z.int().min(1).max(1024),
  /** Logits are (query · candidate) / temperature. */
  temperature: z.number().positive(),
  /** Subtract ln p (p = the article's share of training positives) from each in-batch logit. */
  logQ: z.boolean(),
  removeAccidentalHits: z.boolean(),
  features: featureFlagsSchema,
  /** Merge rule of a tower's parts: concatenate and project to dim, or sum (every part has dim). */
  combine: z.enum(['concat', 'sum']),
  /** Articles kept in the reading history (most recent first). */
  historyLength: z.int().min(1).max(200),
  /**
   * Reading history of a training row: 'before-event', the user's articles before the row's
   * time (as in a live request), or 'leave-one-out', the user's latest articles in the
   * training data other than the row. 'leave-one-out' matches a random-split test query and is
   * wrong for a time split. Models saved before this field read it as 'before-event'.
   */
  historyScope: z.enum(['before-event', 'leave-one-out']).default('before-event'),
  /** Share of training candidates whose article id is replaced by the OOV row, so content-only embeddings are trained. */
  articleIdDropout: z.number().min(0).max(1),
  /** Share of training rows whose user id is replaced by the OOV row, so users new at serving time get a trained row. */
  userIdDropout: z.number().min(0).max(1),
  /** Standard deviation of the normal initialisation of every embedding table. */
  initStd: z.number().min(0).max(1),
  /**
   * L2 strength λ on embedding rows: each step adds λ · row to the gradient of every row the
   * batch touched (the gradient of λ/2 · ||row||²), so frequent rows are pulled toward 0 more
   * often. 0 turns it off; models saved before this field read it as 0.
   */
  embeddingL2: z.number().min(0).max(10).default(0),
  timeTerm: timeTermSchema,
  /** Hash buckets for text n-grams (rows of the text table). */
  textBuckets: z.int().min(1).max(1 << 22),
  /** Body tokens hashed per article; the title is always included (up to 32 tokens). */
  maxTextTokens: z.int().min(0).max(4096),
});
export type TwoTowerConfig = z.infer<typeof configSchema>;

/** Configuration a caller sets. Nested objects may be partial. */
export type TwoTowerConfigInput = Partial<Omit<TwoTowerConfig, 'features' | 'timeTerm'>> & {
  features?: Partial<FeatureFlags>;
  timeTerm?: Partial<TimeTermConfig>;
};

const SHARED_DEFAULTS = {
  dim: 64,
  temperature: 1,
  removeAccidentalHits: true,
  combine: 'concat' as const,
  historyLength: 10,
  historyScope: 'before-event' as const,
  initStd: 0.05,
  embeddingL2: 0,
  textBuckets: 1 << 15,
  maxTextTokens: 48,
};

const PRESET_DEFAULTS: Record<ModelPreset, Omit<TwoTowerConfig, 'preset'>> = {
  'id-only': {
    ...SHARED_DEFAULTS,
    logQ: false,
    features: { userId: true, history: false, profileTopics: false, articleId: true, text: false, category: false, tags: false, author: false },
    articleIdDropout: 0,
    userIdDropout: 0,
    timeTerm: { enabled: false, windowHours: 24, ageBuckets: 20, popularityBuckets: 16 },
  },
  hybrid: {
    ...SHARED_DEFAULTS,
    logQ: true,
    features: { userId: true, history: true, profileTopics: true, articleId: true, text: true, category: true, tags: true, author: true },
    articleIdDropout: 0.2,
    userIdDropout: 0.1,
    timeTerm: { enabled: true, windowHours: 24, ageBuckets: 20, popularityBuckets: 16 },
  },
};

/** Fills the preset's defaults under `input` and validates the result; throws ModelError MODEL_INVALID_CONFIG. */
export function resolveTwoTowerConfig(input: TwoTowerConfigInput = {}): TwoTowerConfig {
  const preset = input.preset ?? 'hybrid';
  const defaults = PRESET_DEFAULTS[preset];
  if (defaults === undefined) {
    throw new ModelError('MODEL_INVALID_CONFIG', `Unknown model preset "${String(preset)}"; use ${MODEL_PRESETS.join(' or ')}.`);
  }
  const merged = {
    ...defaults,
    ...input,
    preset,
    features: { ...defaults.features, ...input.features },
    timeTerm: { ...defaults.timeTerm, ...input.timeTerm },
  };
  return parseTwoTowerConfig(merged);
}

/** Validates a complete config (e.g. one read from a model directory). */
export function parseTwoTowerConfig(value: unknown): TwoTowerConfig {
  const parsed = configSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`).join('; ');
    throw new ModelError('MODEL_INVALID_CONFIG', `Invalid two-tower config: ${issues}. Fix the named fields.`);
  }
  const config = parsed.data;
  const { features } = config;
  if (!features.userId && !features.history && !features.profileTopics) {
    throw new ModelError('MODEL_INVALID_CONFIG', 'The query tower has no input: enable at least one of features.userId, history, profileTopics.');
  }
  if (!features.articleId && !features.text && !features.category && !features.tags && !features.author) {
    throw new ModelError(
      'MODEL_INVALID_CONFIG',
      'The candidate tower has no input: enable at least one of features.articleId, text, category, tags, author.',
    );
  }
  return config;
}
