import { TensorError } from './errors.js';

/**
 * Seeded random numbers for everything in ReadNext that needs them (initialisation,
 * shuffling, negative sampling). The generator is xoshiro128** (Blackman and Vigna), seeded
 * through splitmix32 so that nearby seeds give unrelated streams. It is fast, has a 2^128 - 1
 * period and a 16-byte state that round-trips through JSON.
 */

/** JSON-safe snapshot of an `Rng`; `Rng.fromState` resumes the exact same stream. */
export interface RngState {
  algorithm: 'xoshiro128**';
  /** The four 32-bit state words as unsigned integers. */
  words: [number, number, number, number];
  /** Second value of the last Box-Muller pair, not yet returned; null when none is pending. */
  spareNormal: number | null;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | null = null;

  /** `seed` is any integer; only its low 32 bits are used. */
  constructor(seed: number) {
    if (!Number.isInteger(seed)) {
      throw new TensorError('TENSOR_INVALID_ARGUMENT', `Rng: seed must be an integer, got ${seed}`);
    }
    const next = splitmix32(seed);
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** Resumes a stream saved by `state()`. */
  static fromState(state: RngState): Rng {
    const words = state?.words;
    const valid =
      state?.algorithm === 'xoshiro128**' &&
      Array.isArray(words) &&
      words.length === 4 &&
      words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff) &&
      words.some((w) => w !== 0) &&
      (state.spareNormal === null || Number.isFinite(state.spareNormal));
    if (!valid) {
      throw new TensorError(
        'TENSOR_RNG_STATE_INVALID',
        `Rng.fromState: expected {algorithm: 'xoshiro128**', words: four uint32 not all zero, ` +
          `spareNormal: number | null}, got ${JSON.stringify(state)}`,
      );
    }
    const rng = new Rng(0);
    [rng.s0, rng.s1, rng.s2, rng.s3] = words;
    rng.spareNormal = state.spareNormal;
    return rng;
  }

  /** Snapshot of the full generator state (a copy; later draws do not change it). */
  state(): RngState {
    return {
      algorithm: 'xoshiro128**',
      words: [this.s0, this.s1, this.s2, this.s3],
      spareNormal: this.spareNormal,
    };
  }

  /** Next uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    this.s3 >>>= 0;
    return result;
  }

  /** Uniform float in [0, 1) with 32 random bits. */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /**
   * Uniform integer in [0, n), without modulo bias: draws above the largest multiple of n
   * below 2^32 are rejected. `n` must be an integer in [1, 2^32].
   */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 4294967296) {
      throw new TensorError('TENSOR_INVALID_ARGUMENT', `Rng.nextInt: n must be an integer in [1, 2^32], got ${n}`);
    }
    const limit = Math.floor(4294967296 / n) * n;
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** Standard normal sample (mean 0, standard deviation 1), Box-Muller with the pair's spare cached. */
  nextNormal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    // 1 - u lies in (0, 1], so the logarithm is finite.
    const u = 1 - this.nextFloat();
    const v = this.nextFloat();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * v;
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** Fills `out` with normal samples of the given mean and standard deviation; returns `out`. */
  fillNormal<T extends Float32Array | Float64Array>(out: T, mean = 0, std = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.nextNormal();
    return out;
  }

  /** Fills `out` with uniform samples in [low, high); returns `out`. */
  fillUniform<T extends Float32Array | Float64Array>(out: T, low = 0, high = 1): T {
    const width = high - low;
    for (let i = 0; i < out.length; i++) out[i] = low + width * this.nextFloat();
    return out;
  }

  /** Shuffles `array` in place (Fisher-Yates) and returns it. */
  shuffle<T extends { length: number; [index: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const swapped = array[i];
      array[i] = array[j];
      array[j] = swapped;
    }
    return array;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
