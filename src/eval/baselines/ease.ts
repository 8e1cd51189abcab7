import { z } from 'zod';

import type { FitData, Recommender, ScoringRequest } from '../../models/recommender.js';
import { EvaluationError } from '../errors.js';
import { parseOptions } from '../parse-options.js';
import { invertGramMatrix } from './spd-inverse.js';
import {
  buildTrainingMatrix,
  checkScoreBuffer,
  distinctKnown,
  isSeen,
  requireFitted,
  type TrainingMatrix,
} from './training-matrix.js';

/**
 * Largest item count EASE accepts by default. Fitting needs an n × n float64 matrix, its copy
 * in the inverse kernel's memory and an n × n float32 weight matrix (up to 20 n² bytes: 2 GB
 * at 10,000), and about n³/2 multiply-adds. Measured with bench/eval-ease.ts on one AMD EPYC
 * core under Node 20: 18 CPU seconds at 6,200 items and 72 at 10,000 (peak RSS 1.7 GiB).
 * Above about 11,400 items the copy exceeds the kernel's 1 GiB memory and the inverse runs in
 * plain JavaScript, about 12 times slower: an estimated 2.4 hours at 20,000.
 */
export const EASE_DEFAULT_MAX_ITEMS = 10_000;

/** Hard ceiling for maxItems: 40,000 items need 19 GB. */
const EASE_MAX_ITEMS_CEILING = 40_000;

export const easeOptionsSchema = z
  .object({
    /**
     * Ridge λ added to the Gram diagonal, in co-read counts; larger shrinks the weights toward 0.
     * On MovieLens 100k (time split, the 109 test users with history) NDCG@10 stayed between
     * 0.163 and 0.176 for λ from 50 to 2,000, so the default is not critical there.
     */
    lambda: z.number().positive().default(500),
    /** Items (articles with a positive training interaction) above which fit is rejected. */
    maxItems: z.number().int().min(1).max(EASE_MAX_ITEMS_CEILING).default(EASE_DEFAULT_MAX_ITEMS),
  })
  .strict();

export type EaseOptions = z.input<typeof easeOptionsSchema>;

interface EaseState {
  matrix: TrainingMatrix;
  /** [articleCount] row of each article in `weights`, -1 for articles without a positive interaction. */
  itemIndex: Int32Array;
  /** Number of items n. */
  items: number;
  /** [n × n] row-major B: B[i × n + j] is how much reading item i adds to item j's score. */
  weights: Float32Array;
  /** [n] per-request accumulator. */
  scratch: Float64Array;
}

/**
 * EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): a linear
 * item-to-item model with a closed form. With X the binary user × item training matrix,
 * P = (XᵀX + λI)⁻¹ and B = I - P · diag(1 / diag(P)), i.e. B_ij = -P_ij / P_jj off the diagonal
 * and B_jj = 0. A user's score for item j is Σ_{i in history} B_ij.
 *
 * Items are the articles with a positive training interaction. Articles seen only without a
 * click score 0 (their Gram rows are empty), and unseen articles get -Infinity. As with
 * item-kNN, a user without history gets 0 for every seen article.
 */
export class Ease implements Recommender {
  readonly name = 'ease';
  readonly options: z.output<typeof easeOptionsSchema>;
  private state: EaseState | null = null;

  constructor(options: EaseOptions = {}) {
    this.options = parseOptions(easeOptionsSchema, options, this.name);
  }

  async fit(data: FitData): Promise<void> {
    const matrix = buildTrainingMatrix(data.train, data.cutoff);
    const { itemIndex, items } = indexItems(matrix);
    if (items > this.options.maxItems) {
      throw new EvaluationError(
        'EVAL_CATALOGUE_TOO_LARGE',
        `EASE cannot fit ${items} items: the limit is ${this.options.maxItems} because fitting needs ` +
          `${formatGigabytes(20 * items * items)} of memory and about ${items}³/2 multiply-adds. ` +
          'Use item-knn, restrict the catalogue, or raise maxItems if the machine allows.',
        { items, maxItems: this.options.maxItems },
      );
    }

    const gram = buildGram(matrix, itemIndex, items, this.options.lambda);
    await invertGramMatrix(gram, items);
    const weights = weightsFromInverse(gram, items);
    this.state = { matrix, itemIndex, items, weights, scratch: new Float64Array(items) };
  }

  score(request: ScoringRequest, candidates: Int32Array, out: Float32Array): void {
    const { matrix, itemIndex, items, weights, scratch } = requireFitted(this.state, this.name);
    checkScoreBuffer(candidates, out);

    scratch.fill(0);
    for (const article of distinctKnown(request.history, matrix.articleCount)) {
      const item = itemIndex[article];
      if (item === -1) continue;
      const row = item * items;
      for (let j = 0; j < items; j++) scratch[j] += weights[row + j];
    }

    for (let i = 0; i < candidates.length; i++) {
      const article = candidates[i];
      if (!isSeen(matrix, article)) {
        out[i] = -Infinity;
        continue;
      }
      const item = itemIndex[article];
      out[i] = item === -1 ? 0 : scratch[item];
    }
  }
}

function indexItems(matrix: TrainingMatrix): { itemIndex: Int32Array; items: number } {
  const itemIndex = new Int32Array(matrix.articleCount).fill(-1);
  let items = 0;
  for (let article = 0; article < matrix.articleCount; article++) {
    if (matrix.popularity[article] > 0) itemIndex[article] = items++;
  }
  return { itemIndex, items };
}

/** Lower triangle of XᵀX + λI over items: co-read counts of distinct (user, item) pairs. */
function buildGram(matrix: TrainingMatrix, itemIndex: Int32Array, items: number, lambda: number): Float64Array {
  const gram = new Float64Array(items * items);
  const { userCount, userOffsets, userArticles } = matrix;
  for (let user = 0; user < userCount; user++) {
    const start = userOffsets[user];
    const end = userOffsets[user + 1];
    // userArticles is ascending within a user and itemIndex is monotone, so i >= j below.
    for (let a = start; a < end; a++) {
      const row = itemIndex[userArticles[a]] * items;
      for (let b = start; b <= a; b++) gram[row + itemIndex[userArticles[b]]]++;
    }
  }
  for (let i = 0; i < items; i++) gram[i * items + i] += lambda;
  return gram;
}

/** B_ij = -P_ij / P_jj for i != j, B_jj = 0, stored as float32 to halve the serving memory. */
function weightsFromInverse(inverse: Float64Array, items: number): Float32Array {
  const weights = new Float32Array(items * items);
  for (let i = 0; i < items; i++) {
    const row = i * items;
    for (let j = 0; j < items; j++) {
      weights[row + j] = i === j ? 0 : -inverse[row + j] / inverse[j * items + j];
    }
  }
  return weights;
}

function formatGigabytes(bytes: number): string {
  return `${(bytes / 1e9).toFixed(1)} GB`;
}
