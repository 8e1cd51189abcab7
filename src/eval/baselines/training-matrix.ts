import type { InteractionTable } from '../../data/types.js';
import { EvaluationError } from '../errors.js';
import { isPositiveRow } from '../positives.js';

/**
 * The training rows as a binary user × article matrix in both orientations (CSR), plus the
 * counts the popularity baselines need. Every collaborative baseline starts here, so all of them
 * agree on what "seen" and "positive" mean.
 */
export interface TrainingMatrix {
  /** Article dictionary size (train.articleIds.length). */
  articleCount: number;
  /** User dictionary size (train.userIds.length). */
  userCount: number;
  /** [userCount + 1] row offsets into `userArticles`. */
  userOffsets: Int32Array;
  /** Distinct positively-read article codes of each user, ascending within a user. */
  userArticles: Int32Array;
  /** [articleCount + 1] row offsets into `articleUsers`. */
  articleOffsets: Int32Array;
  /** Distinct user codes with a positive interaction on each article, ascending within an article. */
  articleUsers: Int32Array;
  /** [articleCount] positive training rows per article, repeats included. */
  popularity: Float64Array;
  /** [articleCount] 1 when the article occurs in any training row (clicked or not), else 0. */
  seen: Uint8Array;
  /** Number of positive training rows. */
  positiveRows: number;
}

/**
 * Builds the training matrix from positive rows (see isPositiveRow).
 * Rejects a table with no positive row, or with a row at or after the cutoff.
 */
export function buildTrainingMatrix(train: InteractionTable, cutoff: number): TrainingMatrix {
  const articleCount = train.articleIds.length;
  const userCount = train.userIds.length;
  const popularity = new Float64Array(articleCount);
  const seen = new Uint8Array(articleCount);

  // Distinct (user, article) pairs as numbers user * articleCount + article, sorted once.
  const pairKeys: number[] = [];
  let positiveRows = 0;
  for (let row = 0; row < train.size; row++) {
    if (train.timestamp[row] >= cutoff) {
      throw new EvaluationError(
        'EVAL_INVALID_SPLIT',
        `Training row ${row} has timestamp ${train.timestamp[row]} >= cutoff ${cutoff}; ` +
          'pass only rows before the cutoff to fit.',
        { row, timestamp: train.timestamp[row], cutoff },
      );
    }
    const article = train.article[row];
    seen[article] = 1;
    if (!isPositiveRow(train, row)) continue;
    positiveRows++;
    popularity[article]++;
    pairKeys.push(train.user[row] * articleCount + article);
  }
  if (positiveRows === 0) {
    throw new EvaluationError(
      'EVAL_EMPTY_TRAINING',
      `The training table has ${train.size} rows but no positive interaction (click != 0); ` +
        'move the cutoff later or check the click column.',
      { rows: train.size },
    );
  }

  const pairs = Float64Array.from(pairKeys).sort();
  const users: number[] = [];
  const articles: number[] = [];
  for (let i = 0; i < pairs.length; i++) {
    if (i > 0 && pairs[i] === pairs[i - 1]) continue;
    users.push(Math.floor(pairs[i] / articleCount));
    articles.push(pairs[i] % articleCount);
  }

  const byUser = compress(users, articles, userCount);
  const byArticle = compress(articles, users, articleCount);
  return {
    articleCount,
    userCount,
    userOffsets: byUser.offsets,
    userArticles: byUser.values,
    articleOffsets: byArticle.offsets,
    articleUsers: byArticle.values,
    popularity,
    seen,
    positiveRows,
  };
}

/** Whether `article` is inside the training dictionary and has a training interaction. */
export function isSeen(matrix: TrainingMatrix, article: number): boolean {
  return article < matrix.articleCount && matrix.seen[article] === 1;
}

/**
 * Writes a dense per-article score vector into a candidate score buffer: seen articles get their
 * score, unseen ones (never in training, or outside the training dictionary) get -Infinity.
 *
 * @param dense [articleCount] score per article code.
 * @param out [candidates.length] destination.
 */
export function writeCandidateScores(
  matrix: TrainingMatrix,
  dense: ArrayLike<number>,
  candidates: Int32Array,
  out: Float32Array,
): void {
  checkScoreBuffer(candidates, out);
  for (let i = 0; i < candidates.length; i++) {
    const article = candidates[i];
    out[i] = isSeen(matrix, article) ? dense[article] : -Infinity;
  }
}

/** Returns the distinct history codes inside the training dictionary, in first-seen order. */
export function distinctKnown(history: Int32Array, articleCount: number): number[] {
  const distinct = new Set<number>();
  for (const article of history) {
    if (article >= 0 && article < articleCount) distinct.add(article);
  }
  return [...distinct];
}

/** Rejects a score buffer whose length differs from the candidate count. */
export function checkScoreBuffer(candidates: Int32Array, out: Float32Array): void {
  if (out.length !== candidates.length) {
    throw new EvaluationError(
      'EVAL_SHAPE_MISMATCH',
      `Score buffer has length ${out.length} for ${candidates.length} candidates; pass one slot per candidate.`,
      { out: out.length, candidates: candidates.length },
    );
  }
}

/** Rejects a call to `score` before `fit`, and narrows the fitted state to non-null. */
export function requireFitted<T>(state: T | null, model: string): T {
  if (state === null) {
    throw new EvaluationError('EVAL_NOT_FITTED', `${model}: score was called before fit; call fit first.`, { model });
  }
  return state;
}

/** CSR from (row, value) pairs by a stable counting sort: values keep their input order within a row. */
function compress(rows: number[], values: number[], rowCount: number): { offsets: Int32Array; values: Int32Array } {
  const offsets = new Int32Array(rowCount + 1);
  for (const row of rows) offsets[row + 1]++;
  for (let row = 0; row < rowCount; row++) offsets[row + 1] += offsets[row];

  const cursor = offsets.slice(0, rowCount);
  const out = new Int32Array(values.length);
  for (let i = 0; i < rows.length; i++) out[cursor[rows[i]]++] = values[i];
  return { offsets, values: out };
}
