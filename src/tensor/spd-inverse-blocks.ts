import { NotPositiveDefiniteError } from './spd-inverse-reference.js';

/**
 * Scalar steps of the blocked SPD inverse in spd-inverse.ts that work on one diagonal block of
 * b × b doubles. Together they cost about n·b²/3 multiply-adds, against n³/2 for the products
 * that run in the wasm kernel, so plain JavaScript is fast enough here.
 */

/**
 * Factors the diagonal block at `heap[at]` (row stride `stride` doubles) in place: its lower
 * triangle becomes L_JJ with A_JJ = L_JJ L_JJᵀ. The block already has the contributions of
 * earlier block columns subtracted. Reads and writes only the lower triangle.
 *
 * @param firstRow global row index of the block's first row, for the error. Padding rows
 *   past the caller's matrix are identity rows, whose pivots are 1.
 * @throws NotPositiveDefiniteError naming the global pivot index when a pivot is not > 0.
 */
export function factorDiagonalBlock(heap: Float64Array, at: number, stride: number, size: number, firstRow: number): void {
  for (let r = 0; r < size; r++) {
    const rowR = at + r * stride;
    for (let s = 0; s <= r; s++) {
      const rowS = at + s * stride;
      let sum = heap[rowR + s];
      for (let t = 0; t < s; t++) sum -= heap[rowR + t] * heap[rowS + t];

      if (s < r) {
        heap[rowR + s] = sum / heap[rowS + s];
      } else if (sum > 0) {
        heap[rowR + r] = Math.sqrt(sum);
      } else {
        throw new NotPositiveDefiniteError(firstRow + r, sum);
      }
    }
  }
}

/**
 * Writes M = L⁻¹ of the factored diagonal block at `heap[at]` (lower triangle, row stride
 * `stride`) as a dense b × b row-major block at `heap[inverse]`, zeros above the diagonal,
 * and its transpose Mᵀ at `heap[transposed]`, zeros below the diagonal.
 * Row r of L M = I gives M_rs = -(Σ_{s<=t<r} L_rt M_ts) / L_rr for s < r, and M_rr = 1 / L_rr.
 */
export function invertDiagonalBlock(
  heap: Float64Array,
  at: number,
  stride: number,
  size: number,
  inverse: number,
  transposed: number,
): void {
  heap.fill(0, inverse, inverse + size * size);
  for (let r = 0; r < size; r++) {
    const rowL = at + r * stride;
    const rowM = inverse + r * size;
    const reciprocal = 1 / heap[rowL + r];
    for (let s = 0; s < r; s++) {
      let sum = 0;
      for (let t = s; t < r; t++) sum += heap[rowL + t] * heap[inverse + t * size + s];
      heap[rowM + s] = -sum * reciprocal;
    }
    heap[rowM + r] = reciprocal;
  }

  for (let r = 0; r < size; r++) {
    for (let s = 0; s < size; s++) heap[transposed + s * size + r] = heap[inverse + r * size + s];
  }
}
