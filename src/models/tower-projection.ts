import { Dense, type DenseParameter } from '../tensor/dense.js';
import type { MatmulBackend } from '../tensor/matmul.js';
import type { Rng } from '../tensor/random.js';

/**
 * Merges a tower's parts, each [rows x dim], into the tower output [rows x dim]:
 *
 * - one part: passed through unchanged (the id-only model has no projection);
 * - 'concat': the parts side by side [rows x parts·dim], then a linear Dense layer to dim;
 * - 'sum': the element-wise sum of the parts.
 */
export class TowerProjection {
  readonly dense: Dense | null;

  constructor(
    name: string,
    readonly partCount: number,
    readonly dim: number,
    readonly combine: 'concat' | 'sum',
    rng: Rng,
    backend: MatmulBackend,
  ) {
    this.dense =
      partCount > 1 && combine === 'concat'
        ? new Dense({ name, inputDim: partCount * dim, outputDim: dim, rng, backend })
        : null;
  }

  parameters(): DenseParameter[] {
    return this.dense === null ? [] : this.dense.parameters();
  }

  /** Returns the tower output [rows x dim]; keeps what `backward` needs. */
  forward(parts: readonly Float32Array[], rows: number): Float32Array {
    if (parts.length === 1) return parts[0];
    const dim = this.dim;
    if (this.dense === null) {
      const out = new Float32Array(rows * dim);
      for (const part of parts) for (let k = 0; k < out.length; k++) out[k] += part[k];
      return out;
    }
    const width = parts.length * dim;
    const joined = new Float32Array(rows * width);
    for (let r = 0; r < rows; r++) {
      for (let p = 0; p < parts.length; p++) {
        joined.set(parts[p].subarray(r * dim, (r + 1) * dim), r * width + p * dim);
      }
    }
    return this.dense.forward(joined, rows);
  }

  /** Takes dLoss/dOutput [rows x dim]; returns dLoss/dPart for each part, adding to the Dense gradients. */
  backward(dOutput: Float32Array, rows: number): Float32Array[] {
    if (this.partCount === 1) return [dOutput];
    const dim = this.dim;
    if (this.dense === null) return Array.from({ length: this.partCount }, () => dOutput);
    const dJoined = this.dense.backward(dOutput);
    const width = this.partCount * dim;
    const out: Float32Array[] = [];
    for (let p = 0; p < this.partCount; p++) {
      const part = new Float32Array(rows * dim);
      for (let r = 0; r < rows; r++) part.set(dJoined.subarray(r * width + p * dim, r * width + (p + 1) * dim), r * dim);
      out.push(part);
    }
    return out;
  }
}
