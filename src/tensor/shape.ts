import { TensorError } from './errors.js';

/**
 * Shape checks shared by every op. Matrices are row-major typed arrays, so a wrong length is
 * the only way a shape error can show. These checks turn it into an error naming the op and
 * both shapes, instead of plausible but wrong numbers.
 */

/** Formats a shape the way every message in the numeric core writes it: `[1024 x 64]`. */
export function formatShape(rows: number, cols: number): string {
  return `[${rows} x ${cols}]`;
}

/** Throws unless `value` is an integer >= `min`; `name` and `op` go into the message. */
export function checkSize(op: string, name: string, value: number, min = 1): void {
  if (!Number.isInteger(value) || value < min) {
    throw new TensorError(
      'TENSOR_INVALID_ARGUMENT',
      `${op}: ${name} must be an integer >= ${min}, got ${value}`,
    );
  }
}

/** Throws unless `array` has exactly the `rows * cols` values of a `[rows x cols]` matrix. */
export function checkMatrix(
  op: string,
  name: string,
  array: ArrayLike<number>,
  rows: number,
  cols: number,
): void {
  if (array.length !== rows * cols) {
    throw new TensorError(
      'TENSOR_SHAPE_MISMATCH',
      `${op}: ${name} must be ${formatShape(rows, cols)} (${rows * cols} values) but has ` +
        `${array.length} values`,
    );
  }
}

/** Throws unless `array` has exactly `length` entries. */
export function checkVector(op: string, name: string, array: ArrayLike<number>, length: number): void {
  if (array.length !== length) {
    throw new TensorError(
      'TENSOR_SHAPE_MISMATCH',
      `${op}: ${name} must have ${length} values but has ${array.length}`,
    );
  }
}

/** Throws unless every entry of `indices` is an integer in [0, limit). */
export function checkIndices(op: string, name: string, indices: ArrayLike<number>, limit: number): void {
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i];
    if (!(index >= 0 && index < limit) || !Number.isInteger(index)) {
      throw new TensorError(
        'TENSOR_INDEX_OUT_OF_RANGE',
        `${op}: ${name}[${i}] = ${index} is outside [0, ${limit}); ` +
          `map unknown ids to a valid row (for example the out-of-vocabulary row) first`,
      );
    }
  }
}

/**
 * Throws unless the stored operands of a matrix product fit: op(A) is [m x k], op(B) is
 * [k x n], and `out` is [m x n]. `storedA`/`storedB` are the shapes as laid out in memory
 * (a transposed operand is stored [k x m] or [n x k]). The message names both shapes.
 */
export function checkMatmulShapes(
  op: string,
  a: ArrayLike<number>,
  storedA: readonly [number, number],
  b: ArrayLike<number>,
  storedB: readonly [number, number],
  out: ArrayLike<number>,
  m: number,
  n: number,
): void {
  const shapeA = formatShape(storedA[0], storedA[1]);
  const shapeB = formatShape(storedB[0], storedB[1]);
  if (a.length !== storedA[0] * storedA[1]) {
    throw new TensorError(
      'TENSOR_SHAPE_MISMATCH',
      `${op}: A should be ${shapeA} (${storedA[0] * storedA[1]} values) but has ${a.length} values, ` +
        `and B is ${shapeB}; inner dimensions must match`,
    );
  }
  if (b.length !== storedB[0] * storedB[1]) {
    throw new TensorError(
      'TENSOR_SHAPE_MISMATCH',
      `${op}: A is ${shapeA} but B has ${b.length} values, not the ${storedB[0] * storedB[1]} of ` +
        `${shapeB}; inner dimensions must match`,
    );
  }
  if (out.length !== m * n) {
    throw new TensorError(
      'TENSOR_SHAPE_MISMATCH',
      `${op}: A is ${shapeA} and B is ${shapeB}, so out must be ${formatShape(m, n)} ` +
        `(${m * n} values) but has ${out.length} values`,
    );
  }
}
