import { lowerBound, sliceRows } from '../../features/table-rows.js';
import type { FitData, Recommender, ScoringRequest } from '../../models/recommender.js';
import { trainingHistoryOf, type EpochLoss } from '../training-history.js';

/**
 * Fits a model on the training rows of the last `windowMs` before the cutoff only, and scores
 * with the model unchanged. Requests still carry the user's full history; articles read only
 * before the window are unknown to the model. A news model gains little from weeks-old clicks,
 * and the window bounds its training time on large logs; the baselines keep every row.
 */
export class RecentWindow implements Recommender {
  readonly name: string;

  constructor(
    readonly inner: Recommender,
    readonly windowMs: number,
  ) {
    this.name = inner.name;
  }

  get trainingHistory(): readonly EpochLoss[] | undefined {
    return trainingHistoryOf(this.inner);
  }

  fit(data: FitData): Promise<void> {
    // Training rows are sorted by time (the table contract), so the window is a suffix.
    const first = lowerBound(data.train.timestamp, data.cutoff - this.windowMs);
    return this.inner.fit({ ...data, train: sliceRows(data.train, first, data.train.size) });
  }

  score(request: ScoringRequest, candidates: Int32Array, out: Float32Array): void {
    this.inner.score(request, candidates, out);
  }
}
