import { createRequire } from 'node:module';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

import { TensorError } from './errors.js';
import { checkMatmulCall, type MatmulBackend, type MatmulOptions } from './matmul.js';

/**
 * Matrix products on @tensorflow/tfjs-backend-wasm 4.22 (XNNPACK kernels, wasm SIMD).
 *
 * Measured facts that shape this file (2-core x86 machine, Node 20): matMul's
 * transposeA/transposeB flags run about 10x slower than an explicit `tf.transpose` followed by
 * a plain matMul, so transposes are explicit. Tensors are disposed by hand instead of with
 * `tf.tidy`, because the result must leave as a typed array copied into `out`.
 *
 * tfjs keeps one global backend; creating this backend makes 'wasm' the active tfjs backend
 * for the whole process.
 */
export async function createTfjsWasmBackend(): Promise<MatmulBackend> {
  pointAtWasmBinaries();
  let ready = false;
  try {
    ready = await tf.setBackend('wasm');
    await tf.ready();
  } catch (error) {
    throw new TensorError(
      'TENSOR_BACKEND_UNAVAILABLE',
      `createMatmulBackend('wasm'): @tensorflow/tfjs-backend-wasm failed to initialise; ` +
        `check that it is installed next to @tensorflow/tfjs-core, or use the 'js' backend`,
      { cause: error },
    );
  }
  if (!ready || tf.getBackend() !== 'wasm') {
    throw new TensorError(
      'TENSOR_BACKEND_UNAVAILABLE',
      `createMatmulBackend('wasm'): tfjs reports backend '${tf.getBackend()}' instead of 'wasm'; ` +
        `use the 'js' backend on this platform`,
    );
  }
  return new TfjsWasmMatmulBackend();
}

/**
 * Tells tfjs where the .wasm binaries are. The Node build of the package finds them next to
 * its own file by default, and naming the folder explicitly keeps that true when this module
 * is loaded from dist/, from vitest or from a bundle. tfjs rejects the call once the backend
 * is initialised, which is the case when a second backend is created in the same process.
 */
function pointAtWasmBinaries(): void {
  if (tf.findBackend('wasm') !== null && tf.getBackend() === 'wasm') return;
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@tensorflow/tfjs-backend-wasm');
  try {
    setWasmPaths(path.dirname(entry) + path.sep);
  } catch {
    // Already initialised by an earlier call: the paths in use are the ones set then.
  }
}

class TfjsWasmMatmulBackend implements MatmulBackend {
  readonly name = 'wasm' as const;

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
    if (m === 0 || n === 0) return out;
    if (k === 0) {
      if (!options.accumulate) out.fill(0);
      return out;
    }

    const owned: tf.Tensor[] = [];
    const track = <T extends tf.Tensor>(tensor: T): T => {
      owned.push(tensor);
      return tensor;
    };
    try {
      const storedA = track(tf.tensor2d(a, options.transposeA ? [k, m] : [m, k]));
      const storedB = track(tf.tensor2d(b, options.transposeB ? [n, k] : [k, n]));

      // Aᵀ·B with a wide A (the [B x U] gradient times the [B x d] queries) is cheaper as
      // (Bᵀ·A)ᵀ: that transposes k·n + n·m values instead of k·m.
      let product: tf.Tensor;
      if (options.transposeA && !options.transposeB && k * n + n * m < k * m) {
        const reversed = track(tf.matMul(track(tf.transpose(storedB)), storedA));
        product = track(tf.transpose(reversed));
      } else {
        const left = options.transposeA ? track(tf.transpose(storedA)) : storedA;
        const right = options.transposeB ? track(tf.transpose(storedB)) : storedB;
        product = track(tf.matMul(left, right));
      }
      const values = product.dataSync() as Float32Array;

      if (options.accumulate) {
        for (let i = 0; i < values.length; i++) out[i] += values[i];
      } else {
        out.set(values);
      }
      return out;
    } finally {
      for (const tensor of owned) tensor.dispose();
    }
  }

  dispose(): void {}
}
