import { describe, expect, it } from 'vitest';

import { SeededRandom } from '../../src/eval/seeded-random.js';

describe('SeededRandom', () => {
  it('repeats a sequence for one seed', () => {
    const a = new SeededRandom(123);
    const b = new SeededRandom(123);
    const first = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(first);
    expect(new SeededRandom(124).nextUint32()).not.toBe(first[0]);
  });

  it('draws floats in [0, 1) with mean near 0.5', () => {
    const random = new SeededRandom(1);
    let sum = 0;
    let outOfRange = 0;
    for (let i = 0; i < 20_000; i++) {
      const value = random.nextFloat();
      if (value < 0 || value >= 1) outOfRange++;
      sum += value;
    }
    expect(outOfRange).toBe(0);
    // Standard error of the mean is 0.29 / sqrt(20000) = 0.002.
    expect(Math.abs(sum / 20_000 - 0.5)).toBeLessThan(0.01);
  });

  it('draws standard normals', () => {
    const random = new SeededRandom(2);
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < 20_000; i++) {
      const value = random.nextGaussian();
      sum += value;
      squares += value * value;
    }
    expect(Math.abs(sum / 20_000)).toBeLessThan(0.03);
    expect(Math.abs(squares / 20_000 - 1)).toBeLessThan(0.05);
  });

  it('samples distinct values', () => {
    const drawn = new SeededRandom(3).sample([10, 20, 30, 40, 50], 3);
    expect(new Set(drawn).size).toBe(3);
    expect(drawn.every((value) => [10, 20, 30, 40, 50].includes(value))).toBe(true);
    expect(new SeededRandom(3).sample([1, 2], 5).sort()).toEqual([1, 2]);
  });

  it('rejects a fractional seed', () => {
    expect(() => new SeededRandom(0.5)).toThrow(/seed must be an integer/);
  });
});
