import { z } from 'zod';

import type { FitData, Recommender, ScoringRequest } from '../../models/recommender.js';
import { parseOptions } from '../parse-options.js';
import { Rng } from '../../tensor/random.js';
import type { EpochLoss, ReportsTrainingHistory } from '../training-history.js';
import {
  buildTrainingMatrix,
  checkScoreBuffer,
  distinctKnown,
  isSeen,
  requireFitted,
  type TrainingMatrix,
} from './training-matrix.js';

export const bprOptionsSchema = z
  .object({
    /** Latent dimension d of user and article factors. */
    factors: z.number().int().min(1).max(1024).default(32),
    /** Passes over the data; each pass draws as many triples as there are distinct (user, article) pairs. */
    epochs: z.number().int().min(1).max(1000).default(20),
    /** SGD step size. */
    learningRate: z.number().positive().max(10).default(0.05),
    /** L2 penalty on the factors and biases touched by each step. */
    regularization: z.number().min(0).max(10).default(0.01),
    /** Standard deviation of the Gaussian initial factors. */
    initScale: z.number().positive().max(10).default(0.1),
  })
  .strict();

export type BprOptions = z.input<typeof bprOptionsSchema>;

interface BprState {
  matrix: TrainingMatrix;
  /** [userCount × factors] row-major user factors. */
  userFactors: Float32Array;
  /** [articleCount × factors] row-major article factors. */
  articleFactors: Float32Array;
  /** [articleCount] article biases. */
  articleBias: Float32Array;
  /** [factors] query vector scratch for users without factors. */
  query: Float64Array;
}

/**
 * Matrix factorisation trained with BPR (Rendle et al., "BPR: Bayesian Personalized Ranking
 * from Implicit Feedback", UAI 2009) by plain SGD. Each step draws a (user, read article i)
 * pair uniformly and an unread seen article j uniformly, and raises x = b_i - b_j + p_u·(q_i - q_j)
 * by ascending ln σ(x) minus an L2 penalty. The reported loss per epoch is the mean -ln σ(x)
 * before each step.
 *
 * Scores: b_j + p_u·q_j for a user with training reads. A user without training reads but with
 * a history is folded in: the mean factor of their history articles replaces p_u. A user with
 * neither gets b_j alone, a learned popularity. Unseen articles get -Infinity. Every random draw
 * comes from the fit seed.
 */
export class Bpr implements Recommender, ReportsTrainingHistory {
  readonly name = 'bpr';
  readonly options: z.output<typeof bprOptionsSchema>;
  trainingHistory: EpochLoss[] = [];
  private state: BprState | null = null;

  constructor(options: BprOptions = {}) {
    this.options = parseOptions(bprOptionsSchema, options, this.name);
  }

  async fit(data: FitData): Promise<void> {
    const matrix = buildTrainingMatrix(data.train, data.cutoff);
    const { factors, initScale } = this.options;
    const random = new Rng(data.seed);

    const userFactors = new Float32Array(matrix.userCount * factors);
    const articleFactors = new Float32Array(matrix.articleCount * factors);
    for (let i = 0; i < userFactors.length; i++) userFactors[i] = initScale * random.nextNormal();
    for (let i = 0; i < articleFactors.length; i++) articleFactors[i] = initScale * random.nextNormal();
    const state: BprState = {
      matrix,
      userFactors,
      articleFactors,
      articleBias: new Float32Array(matrix.articleCount),
      query: new Float64Array(factors),
    };

    this.trainingHistory = [];
    const pairUsers = usersOfPairs(matrix);
    const negativePool = seenArticles(matrix);
    for (let epoch = 1; epoch <= this.options.epochs; epoch++) {
      const loss = this.runEpoch(state, pairUsers, negativePool, random);
      this.trainingHistory.push({ epoch, loss });
    }
    this.state = state;
  }

  score(request: ScoringRequest, candidates: Int32Array, out: Float32Array): void {
    const state = requireFitted(this.state, this.name);
    const { matrix, articleFactors, articleBias } = state;
    const factors = this.options.factors;
    checkScoreBuffer(candidates, out);

    const query = this.queryFor(state, request);
    for (let i = 0; i < candidates.length; i++) {
      const article = candidates[i];
      if (!isSeen(matrix, article)) {
        out[i] = -Infinity;
        continue;
      }
      let score = articleBias[article];
      if (query !== null) {
        const row = article * factors;
        for (let f = 0; f < factors; f++) score += query[f] * articleFactors[row + f];
      }
      out[i] = score;
    }
  }

  /** Runs one epoch of SGD and returns the mean -ln σ(x) over the steps taken. */
  private runEpoch(state: BprState, pairUsers: Int32Array, negativePool: Int32Array, random: Rng): number {
    const { matrix, userFactors, articleFactors, articleBias } = state;
    const { factors, learningRate, regularization } = this.options;
    let lossSum = 0;
    let steps = 0;

    for (let draw = 0; draw < pairUsers.length; draw++) {
      const pair = random.nextInt(pairUsers.length);
      const user = pairUsers[pair];
      const positive = matrix.userArticles[pair];
      const negative = drawUnread(matrix, user, negativePool, random);
      if (negative === -1) continue;

      const u = user * factors;
      const i = positive * factors;
      const j = negative * factors;
      let x = articleBias[positive] - articleBias[negative];
      for (let f = 0; f < factors; f++) x += userFactors[u + f] * (articleFactors[i + f] - articleFactors[j + f]);

      // d(ln σ(x))/dx = σ(-x); the loss -ln σ(x) = ln(1 + e^-x) is written to stay finite for large |x|.
      const gradient = 1 / (1 + Math.exp(x));
      lossSum += x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
      steps++;

      articleBias[positive] += learningRate * (gradient - regularization * articleBias[positive]);
      articleBias[negative] += learningRate * (-gradient - regularization * articleBias[negative]);
      for (let f = 0; f < factors; f++) {
        const userValue = userFactors[u + f];
        const positiveValue = articleFactors[i + f];
        const negativeValue = articleFactors[j + f];
        userFactors[u + f] += learningRate * (gradient * (positiveValue - negativeValue) - regularization * userValue);
        articleFactors[i + f] += learningRate * (gradient * userValue - regularization * positiveValue);
        articleFactors[j + f] += learningRate * (-gradient * userValue - regularization * negativeValue);
      }
    }
    return lossSum / steps;
  }

  /** Returns the query factors for a request, or null when only the biases can score it. */
  private queryFor(state: BprState, request: ScoringRequest): ArrayLike<number> | null {
    const { matrix, userFactors, articleFactors, query } = state;
    const factors = this.options.factors;
    const user = request.user;
    if (user >= 0 && user < matrix.userCount && matrix.userOffsets[user + 1] > matrix.userOffsets[user]) {
      return userFactors.subarray(user * factors, (user + 1) * factors);
    }

    const history = distinctKnown(request.history, matrix.articleCount).filter((article) => matrix.seen[article] === 1);
    if (history.length === 0) return null;
    query.fill(0);
    for (const article of history) {
      for (let f = 0; f < factors; f++) query[f] += articleFactors[article * factors + f] / history.length;
    }
    return query;
  }
}

/** [pairs] user code of each entry of matrix.userArticles, so one uniform draw picks a pair. */
function usersOfPairs(matrix: TrainingMatrix): Int32Array {
  const users = new Int32Array(matrix.userArticles.length);
  for (let user = 0; user < matrix.userCount; user++) {
    users.fill(user, matrix.userOffsets[user], matrix.userOffsets[user + 1]);
  }
  return users;
}

function seenArticles(matrix: TrainingMatrix): Int32Array {
  const codes: number[] = [];
  for (let article = 0; article < matrix.articleCount; article++) {
    if (matrix.seen[article] === 1) codes.push(article);
  }
  return Int32Array.from(codes);
}

/**
 * Draws a seen article the user has not read, by rejection (binary search in the user's sorted
 * reads). Returns -1 after 20 failed draws, which only happens for a user who read nearly
 * everything; that step is skipped.
 */
function drawUnread(matrix: TrainingMatrix, user: number, pool: Int32Array, random: Rng): number {
  const start = matrix.userOffsets[user];
  const end = matrix.userOffsets[user + 1];
  for (let attempt = 0; attempt < 20; attempt++) {
    const candidate = pool[random.nextInt(pool.length)];
    let low = start;
    let high = end;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (matrix.userArticles[middle] < candidate) low = middle + 1;
      else high = middle;
    }
    if (low === end || matrix.userArticles[low] !== candidate) return candidate;
  }
  return -1;
}
