import { TensorError } from './errors.js';
import type { Rng } from './random.js';
import { checkIndices, checkMatrix, checkSize } from './shape.js';

/** Shape of a table plus either a seeded random initialisation or saved weights. */
export type EmbeddingTableOptions = {
  /** Number of rows (vocabulary size, including any out-of-vocabulary row). */
  rows: number;
  /** Embedding dimension d. */
  dim: number;
} & (
  | {
      /** Source of the initial values; the caller seeds it and stores the seed with the model. */
      rng: Rng;
      /** Standard deviation of the normal initialisation (default 0.05). */
      initStd?: number;
    }
  | {
      /** Saved weights [rows x dim], copied into the table. */
      weights: Float32Array;
    }
);

/**
 * The gradient of a table for the rows touched since the last `clearGradient`, duplicates
 * summed. Both arrays are views into the table's buffers, valid until the next
 * `accumulateGradient` or `clearGradient`.
 */
export interface SparseRowGradient {
  /** [count] distinct row indices, in first-touched order. */
  rows: Int32Array;
  /** [count x dim] summed gradient of each row in `rows`. */
  values: Float32Array;
}

/**
 * An embedding table: Float32Array weights [rows x dim] with a sparse gradient. Only rows a
 * batch touches carry gradient, and an optimizer updates only those rows, so a step costs
 * O(touched rows x dim) however large the table is.
 */
export class EmbeddingTable {
  readonly rows: number;
  readonly dim: number;
  /** [rows x dim] row-major weights. */
  readonly weights: Float32Array;

  /** [rows] position of each row in the gradient buffer, or -1 when the row is untouched. */
  private readonly slotOfRow: Int32Array;
  private touchedRows: Int32Array;
  private gradientValues: Float32Array;
  private touchedCount = 0;

  constructor(options: EmbeddingTableOptions) {
    checkSize('EmbeddingTable', 'rows', options.rows);
    checkSize('EmbeddingTable', 'dim', options.dim);
    this.rows = options.rows;
    this.dim = options.dim;
    this.weights = new Float32Array(options.rows * options.dim);
    if ('weights' in options) {
      checkMatrix('EmbeddingTable', 'weights', options.weights, options.rows, options.dim);
      this.weights.set(options.weights);
    } else {
      const initStd = options.initStd ?? 0.05;
      if (!(initStd >= 0) || !Number.isFinite(initStd)) {
        throw new TensorError('TENSOR_INVALID_ARGUMENT', `EmbeddingTable: initStd must be a finite number >= 0, got ${initStd}`);
      }
      options.rng.fillNormal(this.weights, 0, initStd);
    }
    this.slotOfRow = new Int32Array(options.rows).fill(-1);
    this.touchedRows = new Int32Array(16);
    this.gradientValues = new Float32Array(16 * options.dim);
  }

  /** Copies the rows `indices` [n] into `out` [n x dim] (allocated when omitted). */
  gather(indices: Int32Array, out = new Float32Array(indices.length * this.dim)): Float32Array {
    checkIndices('EmbeddingTable.gather', 'indices', indices, this.rows);
    checkMatrix('EmbeddingTable.gather', 'out', out, indices.length, this.dim);
    const dim = this.dim;
    const weights = this.weights;
    // An element loop, because a subarray view per row allocates an object that the
    // garbage collector must later reclaim.
    for (let i = 0; i < indices.length; i++) {
      const source = indices[i] * dim;
      const target = i * dim;
      for (let j = 0; j < dim; j++) out[target + j] = weights[source + j];
    }
    return out;
  }

  /**
   * Adds `grad` [n x dim] to the gradient of rows `indices` [n]; a row listed twice gets the
   * sum of both gradient rows. This is the backward pass of `gather`.
   */
  accumulateGradient(indices: Int32Array, grad: Float32Array): void {
    checkIndices('EmbeddingTable.accumulateGradient', 'indices', indices, this.rows);
    checkMatrix('EmbeddingTable.accumulateGradient', 'grad', grad, indices.length, this.dim);
    const dim = this.dim;
    for (let i = 0; i < indices.length; i++) {
      const base = this.slotFor(indices[i]) * dim;
      // Read after slotFor, which may replace the buffer; a local lets the loop skip the
      // property load per element.
      const values = this.gradientValues;
      const source = i * dim;
      for (let j = 0; j < dim; j++) values[base + j] += grad[source + j];
    }
  }

  /**
   * Returns the slot of `row` in the gradient buffer, claiming a zeroed slot when the row is
   * not yet touched. Low-level: for ops that write their backward pass straight into
   * `gradientBuffer`. Callers must pass a valid row.
   */
  slotFor(row: number): number {
    let slot = this.slotOfRow[row];
    if (slot >= 0) return slot;
    slot = this.touchedCount;
    if (slot === this.touchedRows.length) this.grow();
    this.touchedRows[slot] = row;
    this.slotOfRow[row] = slot;
    this.touchedCount++;
    return slot;
  }

  /** Gradient buffer (for ops that write straight into it after `slotFor`). */
  get gradientBuffer(): Float32Array {
    return this.gradientValues;
  }

  /** Returns the touched rows and their summed gradients; see `SparseRowGradient`. */
  gradient(): SparseRowGradient {
    return {
      rows: this.touchedRows.subarray(0, this.touchedCount),
      values: this.gradientValues.subarray(0, this.touchedCount * this.dim),
    };
  }

  /** Forgets the gradient; costs O(touched rows x dim). */
  clearGradient(): void {
    for (let i = 0; i < this.touchedCount; i++) this.slotOfRow[this.touchedRows[i]] = -1;
    this.gradientValues.fill(0, 0, this.touchedCount * this.dim);
    this.touchedCount = 0;
  }

  private grow(): void {
    const capacity = Math.min(this.rows, this.touchedRows.length * 2);
    const rows = new Int32Array(capacity);
    rows.set(this.touchedRows);
    const values = new Float32Array(capacity * this.dim);
    values.set(this.gradientValues);
    this.touchedRows = rows;
    this.gradientValues = values;
  }
}
