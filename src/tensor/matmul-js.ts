import { checkMatmulCall, type MatmulBackend, type MatmulOptions } from './matmul.js';

/**
 * Plain-JS matrix product: the reference the other backends are tested against.
 * Sums run in float64 (JS numbers) and round to float32 once per output entry.
 */
export class JsMatmulBackend implements MatmulBackend {
  readonly name = 'js' as const;

  matmul(
    a: Float32Array,
    b: Float32Array,
    m: number,
    k: number,
    n: number,
    out: Float32Array,
    options: MatmulOptions = {},
  ): Float32Array {
    checkMatmulCall('matmul', a, b, m, k, n, out, options);

    // Index steps let one loop read A and B in either layout: op(A)[i, p] = a[i * aRow + p * aCol].
    const aRow = options.transposeA ? 1 : k;
    const aCol = options.transposeA ? m : 1;
    const bRow = options.transposeB ? 1 : n;
    const bCol = options.transposeB ? k : 1;
    const rowSums = new Float64Array(n);

    for (let i = 0; i < m; i++) {
      rowSums.fill(0);
      // i-p-j order streams a row of B per step when B is not transposed.
      for (let p = 0; p < k; p++) {
        const aValue = a[i * aRow + p * aCol];
        if (aValue === 0) continue;
        const bBase = p * bRow;
        for (let j = 0; j < n; j++) rowSums[j] += aValue * b[bBase + j * bCol];
      }
      const outBase = i * n;
      if (options.accumulate) {
        for (let j = 0; j < n; j++) out[outBase + j] += rowSums[j];
      } else {
        for (let j = 0; j < n; j++) out[outBase + j] = rowSums[j];
      }
    }
    return out;
  }

  dispose(): void {}
}
