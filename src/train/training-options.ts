import { z } from 'zod';

import { ModelError } from '../models/errors.js';

export const trainingOptionsSchema = z.strictObject({
  /** Maximum passes over the training positives. */
  epochs: z.int().min(1).max(1000).default(10),
  /** Rows per step; also the number of in-batch negatives (minus accidental hits). */
  batchSize: z.int().min(2).max(65536).default(1024),
  optimizer: z.enum(['adagrad', 'adam']).default('adagrad'),
  /** Default 0.1 for Adagrad (as TensorFlow Recommenders' examples); Adam's usual value is 0.001. */
  learningRate: z.number().positive().optional(),
  /** Seed of the initial weights, the shuffling, the dropout and the validation sample. */
  seed: z.int().min(0).max(0xffffffff).default(42),
  /**
   * Share of training positives held out for validation and early stopping; 0 trains on
   * everything for exactly `epochs` epochs.
   */
  validationShare: z.number().min(0).lt(1).default(0.05),
  /**
   * Rule that picks the held-out positives. 'latest' takes the latest by time, like a
   * time-split test period, and 'random' draws them uniformly with `seed`, like a random split.
   */
  validationSplit: z.enum(['latest', 'random']).default('latest'),
  /** Validation rows scored per epoch, drawn uniformly from the held-out rows (full-catalogue scoring is costly). */
  maxValidationRows: z.int().min(1).default(1000),
  /** Cut-offs of the validation top-K accuracy; the first one drives early stopping. */
  validationKs: z.array(z.int().min(1)).min(1).default([10, 50]),
  /** Epochs without a better validation score before training stops; the best epoch's weights are restored. */
  patience: z.int().min(1).default(2),
  /** Progress events of type 'step' are sent every this many steps. */
  stepEventInterval: z.int().min(1).default(10),
});

export type TrainingOptions = z.input<typeof trainingOptionsSchema>;
export type ResolvedTrainingOptions = z.output<typeof trainingOptionsSchema> & { learningRate: number };

/** Validates once; throws ModelError MODEL_INVALID_CONFIG naming the bad field. */
export function resolveTrainingOptions(options: TrainingOptions = {}): ResolvedTrainingOptions {
  const parsed = trainingOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`).join('; ');
    throw new ModelError('MODEL_INVALID_CONFIG', `Invalid training options: ${issues}.`);
  }
  const value = parsed.data;
  return { ...value, learningRate: value.learningRate ?? (value.optimizer === 'adagrad' ? 0.1 : 0.001) };
}
