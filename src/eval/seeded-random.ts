/**
 * Seeded pseudo-random numbers for evaluation: test-user sampling and baseline training.
 *
 * The generator is mulberry32 (Tommy Ettinger, public domain): 32-bit state, period 2^32,
 * fast and good enough for shuffling and SGD sampling, not for cryptography.
 */
export class SeededRandom {
  private state: number;
  private spareGaussian: number | null = null;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) {
      throw new RangeError(`seed must be an integer, got ${seed}`);
    }
    // Mixing the seed once keeps nearby seeds (0, 1, 2) from starting in similar states.
    this.state = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  }

  /** Returns a uniform unsigned 32-bit integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Returns a uniform float in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Returns a uniform integer in [0, n); n must be a positive integer below 2^32. */
  nextInt(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }

  /** Returns a standard normal draw (Box-Muller; the second value of each pair is kept). */
  nextGaussian(): number {
    if (this.spareGaussian !== null) {
      const spare = this.spareGaussian;
      this.spareGaussian = null;
      return spare;
    }
    // 1 - u keeps the logarithm's argument in (0, 1].
    const radius = Math.sqrt(-2 * Math.log(1 - this.nextFloat()));
    const angle = 2 * Math.PI * this.nextFloat();
    this.spareGaussian = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /**
   * Returns `count` distinct values drawn uniformly from `values` (partial Fisher-Yates on a
   * copy), in the order drawn. Returns a copy of everything when count >= values.length.
   */
  sample(values: ArrayLike<number>, count: number): number[] {
    const pool = Array.from(values);
    const take = Math.min(count, pool.length);
    for (let i = 0; i < take; i++) {
      const j = i + this.nextInt(pool.length - i);
      const swap = pool[i];
      pool[i] = pool[j];
      pool[j] = swap;
    }
    return pool.slice(0, take);
  }
}
