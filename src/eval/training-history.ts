import type { Recommender } from '../models/recommender.js';

/** One training epoch as a model reports it. */
export interface EpochLoss {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean training loss over the epoch, in the model's own loss units. */
  loss: number;
}

/**
 * Optional extension of `Recommender`: a model that trains in epochs exposes its losses here
 * after `fit`, and the evaluation runner copies them into its result.
 */
export interface ReportsTrainingHistory {
  readonly trainingHistory: readonly EpochLoss[];
}

/** Returns the model's per-epoch losses, or undefined when it does not report any. */
export function trainingHistoryOf(model: Recommender): readonly EpochLoss[] | undefined {
  const history = (model as Partial<ReportsTrainingHistory>).trainingHistory;
  return Array.isArray(history) ? history : undefined;
}
