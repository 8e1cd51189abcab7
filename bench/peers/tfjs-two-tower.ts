/**
 * The id-only two-tower retrieval model written with @tensorflow/tfjs the way a TypeScript user
 * would write it: tf.variable embedding tables, tf.gather lookups, tf.train.adagrad and
 * autograd through optimizer.minimize.
 *
 * Loss, per batch of B (user, article) examples:
 *   queries Q = userTable[users]        [B, dim]
 *   candidates C = articleTable[articles] [B, dim]
 *   logits = Q·Cᵀ + accidental-hit mask  [B, B], temperature 1, no logQ correction
 *   loss = sum over rows of softmax cross-entropy with the diagonal as the label.
 *
 * TensorFlow Recommenders' Retrieval task minimises the sum by default. A mean would shrink the
 * early Adagrad steps about B-fold, because the initial accumulator of 0.1 dominates small
 * gradients.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Added to the logit of a candidate that is another row's copy of the row's own positive
 * article. It is TensorFlow Recommenders' choice (float32 min / 100): exp() of it underflows to
 * 0, yet adding it to a logit stays finite, unlike -Infinity.
 */
export const ACCIDENTAL_HIT_LOGIT = -3.4028234663852886e38 / 100;

/**
 * Gradient of a table lookup with respect to the table.
 * - autograd: tfjs's own gather gradient. On the cpu backend it calls UnsortedSegmentSum, which
 *   loops over every table row with four tensor ops each, so one step costs
 *   O(tableRows × batch × dim). The wasm backend has no UnsortedSegmentSum kernel at all.
 * - scatter: a tf.customGrad whose gradient is tf.scatterND of the batch gradient into a dense
 *   table-shaped tensor (duplicates summed). It is the same gradient at O(batch × dim) plus one
 *   table-sized allocation, and both backends have the kernel.
 */
export type EmbeddingGradient = 'autograd' | 'scatter';

export interface TfjsTwoTowerConfig {
  /** [userRows * dim] initial user table, row-major; row 0 is the OOV row. */
  userTable: Float32Array;
  userRows: number;
  /** [articleRows * dim] initial article table, row-major; row 0 is the OOV row. */
  articleTable: Float32Array;
  articleRows: number;
  dim: number;
  learningRate: number;
  initialAccumulator: number;
  embeddingGradient: EmbeddingGradient;
}

type Lookup = (table: tf.Tensor, ids: tf.Tensor) => tf.Tensor;

export class TfjsTwoTower {
  private readonly userTable: tf.Variable;
  private readonly articleTable: tf.Variable;
  private readonly optimizer: tf.AdagradOptimizer;
  private readonly lookup: Lookup;
  /** Identity label matrices keyed by batch size, kept because every full batch reuses one. */
  private readonly labels = new Map<number, tf.Tensor2D>();

  constructor(config: TfjsTwoTowerConfig) {
    this.userTable = variableFrom(config.userTable, config.userRows, config.dim);
    this.articleTable = variableFrom(config.articleTable, config.articleRows, config.dim);
    this.optimizer = tf.train.adagrad(config.learningRate, config.initialAccumulator);
    this.lookup = config.embeddingGradient === 'autograd' ? (table, ids) => tf.gather(table, ids) : gatherWithScatterGradient;
  }

  /**
   * Runs one Adagrad step on a batch. `users` and `articles` are [B] table rows of the batch's
   * examples. Returns the loss before the update per example (batch sum / B), so that an
   * untrained model starts near ln(B).
   */
  trainStep(users: Int32Array, articles: Int32Array): number {
    const size = users.length;
    const userIds = tf.tensor1d(users, 'int32');
    const articleIds = tf.tensor1d(articles, 'int32');
    const mask = tf.tensor2d(accidentalHitMask(articles), [size, size]);
    const labels = this.labelsFor(size);

    const cost = this.optimizer.minimize(
      () => {
        const queries = this.lookup(this.userTable, userIds);
        const candidates = this.lookup(this.articleTable, articleIds);
        const logits = tf.add(tf.matMul(queries, candidates, false, true), mask);
        return tf.losses.softmaxCrossEntropy(labels, logits, undefined, 0, tf.Reduction.SUM) as tf.Scalar;
      },
      true,
      [this.userTable, this.articleTable],
    );

    const loss = cost!.dataSync()[0]! / size;
    tf.dispose([cost!, userIds, articleIds, mask]);
    return loss;
  }

  /** Copies the current tables out, row-major [rows * dim] each. */
  readTables(): { userTable: Float32Array; articleTable: Float32Array } {
    return {
      userTable: (this.userTable.dataSync() as Float32Array).slice(),
      articleTable: (this.articleTable.dataSync() as Float32Array).slice(),
    };
  }

  dispose(): void {
    tf.dispose([this.userTable, this.articleTable, ...this.labels.values()]);
    this.optimizer.dispose();
  }

  private labelsFor(size: number): tf.Tensor2D {
    let labels = this.labels.get(size);
    if (labels === undefined) {
      labels = tf.eye(size);
      this.labels.set(size, labels);
    }
    return labels;
  }
}

/** Creates a trainable [rows, dim] variable holding a copy of `values`. */
function variableFrom(values: Float32Array, rows: number, dim: number): tf.Variable {
  const initial = tf.tensor2d(values, [rows, dim]);
  const variable = tf.variable(initial, true);
  initial.dispose();
  return variable;
}

/**
 * Returns the [B * B] row-major additive mask: ACCIDENTAL_HIT_LOGIT at (i, j) when j ≠ i and
 * example j has the same article as example i, else 0.
 */
export function accidentalHitMask(articles: Int32Array): Float32Array {
  const size = articles.length;
  const mask = new Float32Array(size * size);
  for (let i = 0; i < size; i++) {
    const article = articles[i]!;
    for (let j = 0; j < size; j++) {
      if (j !== i && articles[j] === article) mask[i * size + j] = ACCIDENTAL_HIT_LOGIT;
    }
  }
  return mask;
}

/** tf.gather whose gradient with respect to the table is a scatterND of the rows' gradients. */
const gatherWithScatterGradient = tf.customGrad(((table: tf.Tensor, ids: tf.Tensor, save: tf.GradSaveFunc) => {
  save([ids]);
  return {
    value: tf.gather(table, ids),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const savedIds = saved[0]!;
      return [tf.scatterND(tf.expandDims(savedIds, 1), dy, table.shape), tf.zerosLike(savedIds)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as Lookup;
