import { describe, expect, it } from 'vitest';

import { Rng, TensorError } from '../../src/tensor/index.js';

describe('Rng', () => {
  it('matches xoshiro128** reference outputs', () => {
    // Outputs of the reference C xoshiro128** from state {1, 2, 3, 4}; the first is
    // rotl(2 * 5, 7) * 9 = 1280 * 9 = 11520.
    const rng = Rng.fromState({ algorithm: 'xoshiro128**', words: [1, 2, 3, 4], spareNormal: null });
    expect(rng.nextUint32()).toBe(11520);
    expect(rng.nextUint32()).toBe(0);
    expect(rng.nextUint32()).toBe(5927040);
    expect(rng.nextUint32()).toBe(70819200);
  });

  it('repeats a stream for the same seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const first = Array.from({ length: 8 }, () => a.nextUint32());
    const second = Array.from({ length: 8 }, () => b.nextUint32());
    expect(second).toEqual(first);
    expect(new Rng(43).nextUint32()).not.toBe(first[0]);
  });

  it('resumes from a saved state', () => {
    const rng = new Rng(7);
    rng.nextNormal(); // leaves a spare normal pending
    const saved = JSON.parse(JSON.stringify(rng.state()));
    const expected = [rng.nextNormal(), rng.nextFloat(), rng.nextInt(1000)];
    const resumed = Rng.fromState(saved);
    expect([resumed.nextNormal(), resumed.nextFloat(), resumed.nextInt(1000)]).toEqual(expected);
  });

  it('rejects a malformed state', () => {
    const bad = { algorithm: 'xoshiro128**', words: [0, 0, 0, 0], spareNormal: null } as const;
    expect(() => Rng.fromState({ ...bad, words: [0, 0, 0, 0] })).toThrow(TensorError);
    expect(() => Rng.fromState({ ...bad, words: [1, 2, 3, -1] })).toThrow(/four uint32/);
  });

  it('draws integers in range without bias', () => {
    const rng = new Rng(1);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[rng.nextInt(6)]++;
    // Each bucket expects 10,000 with standard deviation ~91; 5 sigma is 456.
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(456);
    expect(() => rng.nextInt(0)).toThrow(/n must be an integer in \[1, 2\^32\], got 0/);
  });

  it('fills normals with the requested moments', () => {
    const values = new Rng(3).fillNormal(new Float64Array(100_000), 2, 0.5);
    const mean = values.reduce((sum, x) => sum + x, 0) / values.length;
    const variance = values.reduce((sum, x) => sum + (x - mean) ** 2, 0) / values.length;
    // Standard error of the mean is 0.5 / sqrt(1e5) = 0.0016.
    expect(Math.abs(mean - 2)).toBeLessThan(0.008);
    expect(Math.abs(Math.sqrt(variance) - 0.5)).toBeLessThan(0.006);
  });

  it('fills uniforms inside the bounds', () => {
    const values = new Rng(5).fillUniform(new Float32Array(10_000), -1, 3);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...values)).toBeLessThan(3);
    expect(Math.min(...values)).toBeLessThan(-0.99);
  });

  it('shuffles into a seeded permutation', () => {
    const shuffled = new Rng(9).shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
    const again = new Rng(9).shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(again)).toEqual(Array.from(shuffled));
    expect(Array.from(shuffled).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(shuffled)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
