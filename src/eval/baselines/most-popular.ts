import type { FitData, Recommender, ScoringRequest } from '../../models/recommender.js';
import { buildTrainingMatrix, requireFitted, writeCandidateScores, type TrainingMatrix } from './training-matrix.js';

/**
 * Most popular: every user gets the same ranking, by number of positive training interactions
 * (repeat reads count). The floor any personalised model must beat.
 *
 * It ignores `ScoringRequest.recent`: the counts stay those of the training rows, so with a live
 * feed it remains the batch floor, and recently popular is the baseline that reads recent clicks.
 */
export class MostPopular implements Recommender {
  readonly name = 'most-popular';
  private matrix: TrainingMatrix | null = null;

  async fit(data: FitData): Promise<void> {
    this.matrix = buildTrainingMatrix(data.train, data.cutoff);
  }

  score(_request: ScoringRequest, candidates: Int32Array, out: Float32Array): void {
    const matrix = requireFitted(this.matrix, this.name);
    writeCandidateScores(matrix, matrix.popularity, candidates, out);
  }
}
