import { TensorError } from './errors.js';
import { checkMatmulShapes, checkSize } from './shape.js';

/**
 * The one interface every dense matrix product in ReadNext goes through.
 *
 * Matrices are row-major Float32Array. With op(X) = X or Xᵀ, a call computes
 * `out [m x n] = op(A) [m x k] · op(B) [k x n]` (or adds to `out` with `accumulate`).
 * A is stored [m x k], or [k x m] when `transposeA`; B is stored [k x n], or [n x k] when
 * `transposeB`. The three products training needs are A·B (dQuery = G·C), A·Bᵀ
 * (scores = Q·Cᵀ) and Aᵀ·B (dCandidate = Gᵀ·Q, dW = xᵀ·dy).
 */
export interface MatmulOptions {
  /** Reads A as stored [k x m] and uses its transpose. */
  transposeA?: boolean;
  /** Reads B as stored [n x k] and uses its transpose. */
  transposeB?: boolean;
  /** Adds the product to `out` instead of overwriting it (gradient accumulation). */
  accumulate?: boolean;
}

export type MatmulBackendName = 'js' | 'wasm';

export interface MatmulBackend {
  readonly name: MatmulBackendName;
  /** Computes `out (+)= op(A)·op(B)`; see `MatmulOptions`. Returns `out`. */
  matmul(
    a: Float32Array,
    b: Float32Array,
    m: number,
    k: number,
    n: number,
    out: Float32Array,
    options?: MatmulOptions,
  ): Float32Array;
  /** Releases native memory; the backend is unusable afterwards. */
  dispose(): void;
}

/** Shapes of A and B as stored in memory, from the logical m, k, n and the transpose flags. */
export function storedShapes(
  m: number,
  k: number,
  n: number,
  options: MatmulOptions,
): { a: [number, number]; b: [number, number] } {
  return {
    a: options.transposeA ? [k, m] : [m, k],
    b: options.transposeB ? [n, k] : [k, n],
  };
}

/** Validates sizes and lengths of a matmul call; every backend calls it first. */
export function checkMatmulCall(
  op: string,
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  out: Float32Array,
  options: MatmulOptions,
): void {
  checkSize(op, 'm', m, 0);
  checkSize(op, 'k', k, 0);
  checkSize(op, 'n', n, 0);
  const stored = storedShapes(m, k, n, options);
  checkMatmulShapes(op, a, stored.a, b, stored.b, out, m, n);
}

/**
 * Creates and initialises a backend. `'wasm'` (the default) runs on
 * @tensorflow/tfjs-backend-wasm with SIMD; `'js'` is the plain reference used by tests.
 * Initialisation is async because the wasm module is compiled on first use.
 */
export async function createMatmulBackend(name: MatmulBackendName = 'wasm'): Promise<MatmulBackend> {
  switch (name) {
    case 'js': {
      const { JsMatmulBackend } = await import('./matmul-js.js');
      return new JsMatmulBackend();
    }
    case 'wasm': {
      const { createTfjsWasmBackend } = await import('./matmul-tfjs-wasm.js');
      return createTfjsWasmBackend();
    }
    default:
      throw new TensorError(
        'TENSOR_BACKEND_UNAVAILABLE',
        `createMatmulBackend: unknown backend '${String(name)}'; use 'wasm' or 'js'`,
      );
  }
}
