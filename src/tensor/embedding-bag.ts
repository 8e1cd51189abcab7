import type { EmbeddingTable } from './embedding.js';
import { TensorError } from './errors.js';
import { checkIndices, checkMatrix } from './shape.js';

/**
 * Pooled embedding bags: each example owns a variable-length list of rows (a reading history,
 * the tokens of a title) and is represented by the mean of their embeddings. Lists are passed
 * in CSR form: the rows of bag b are `indices[offsets[b] .. offsets[b + 1])`, so `offsets` has
 * numBags + 1 entries, starts at 0, never decreases and ends at `indices.length`.
 * An empty bag pools to the zero vector and receives no gradient.
 */

function checkOffsets(op: string, offsets: Int32Array, indexCount: number): void {
  if (offsets.length < 1) {
    throw new TensorError('TENSOR_SHAPE_MISMATCH', `${op}: offsets needs numBags + 1 >= 1 entries, got 0`);
  }
  const last = offsets[offsets.length - 1];
  if (offsets[0] !== 0 || last !== indexCount) {
    throw new TensorError(
      'TENSOR_INVALID_ARGUMENT',
      `${op}: offsets must start at 0 and end at indices.length = ${indexCount}, ` +
        `got first ${offsets[0]} and last ${last}`,
    );
  }
  for (let b = 1; b < offsets.length; b++) {
    if (offsets[b] < offsets[b - 1]) {
      throw new TensorError(
        'TENSOR_INVALID_ARGUMENT',
        `${op}: offsets must not decrease, but offsets[${b - 1}] = ${offsets[b - 1]} > offsets[${b}] = ${offsets[b]}`,
      );
    }
  }
}

/** Writes the mean embedding of each bag into `out` [numBags x dim] and returns it. */
export function gatherMean(
  table: EmbeddingTable,
  indices: Int32Array,
  offsets: Int32Array,
  out = new Float32Array(Math.max(0, offsets.length - 1) * table.dim),
): Float32Array {
  const op = 'gatherMean';
  checkOffsets(op, offsets, indices.length);
  checkIndices(op, 'indices', indices, table.rows);
  const numBags = offsets.length - 1;
  const dim = table.dim;
  checkMatrix(op, 'out', out, numBags, dim);

  const weights = table.weights;
  out.fill(0);
  for (let b = 0; b < numBags; b++) {
    const start = offsets[b];
    const end = offsets[b + 1];
    if (end === start) continue;
    const target = b * dim;
    for (let i = start; i < end; i++) {
      const source = indices[i] * dim;
      for (let j = 0; j < dim; j++) out[target + j] += weights[source + j];
    }
    const scale = 1 / (end - start);
    for (let j = 0; j < dim; j++) out[target + j] *= scale;
  }
  return out;
}

/**
 * Backward pass of `gatherMean`: each row of bag b receives grad[b] / |bag b| in the table's
 * sparse gradient (summed over repeats). `grad` is [numBags x dim].
 */
export function accumulateMeanGradient(
  table: EmbeddingTable,
  indices: Int32Array,
  offsets: Int32Array,
  grad: Float32Array,
): void {
  const op = 'accumulateMeanGradient';
  checkOffsets(op, offsets, indices.length);
  checkIndices(op, 'indices', indices, table.rows);
  const numBags = offsets.length - 1;
  const dim = table.dim;
  checkMatrix(op, 'grad', grad, numBags, dim);

  for (let b = 0; b < numBags; b++) {
    const start = offsets[b];
    const end = offsets[b + 1];
    if (end === start) continue;
    const scale = 1 / (end - start);
    const source = b * dim;
    for (let i = start; i < end; i++) {
      // Claim the slot first: the buffer may be reallocated when a new row is touched.
      const slot = table.slotFor(indices[i]);
      const values = table.gradientBuffer;
      const target = slot * dim;
      for (let j = 0; j < dim; j++) values[target + j] += scale * grad[source + j];
    }
  }
}
