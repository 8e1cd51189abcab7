import { describe, expect, it } from 'vitest';

import { bagsFromLists, weightedMean, weightedMeanBackward } from '../../src/models/weighted-bag.js';
import { EmbeddingTable } from '../../src/tensor/embedding.js';
import { checkGradients } from '../../src/tensor/gradient-check.js';
import { Rng } from '../../src/tensor/random.js';

describe('weightedMean', () => {
  const table = new EmbeddingTable({ rows: 3, dim: 2, weights: Float32Array.of(1, 2, 3, 4, 10, 20) });

  it('pools weighted rows and zeroes empty bags', () => {
    const bags = bagsFromLists([[0, 2], [], [1]], [[3, 1], [], [5]]);
    const out = weightedMean(table, bags);
    // Bag 0: (3·[1, 2] + 1·[10, 20]) / 4 = [13/4, 26/4]; bag 1 empty; bag 2: [3, 4].
    expect([...out]).toEqual([3.25, 6.5, 0, 0, 3, 4]);
  });

  it('treats missing weights as 1', () => {
    const out = weightedMean(table, bagsFromLists([[0, 1, 1]]));
    // ([1, 2] + 2·[3, 4]) / 3 = [7/3, 10/3]
    expect(out[0]).toBeCloseTo(7 / 3, 6);
    expect(out[1]).toBeCloseTo(10 / 3, 6);
  });

  it('backward matches finite differences', () => {
    const random = new EmbeddingTable({ rows: 5, dim: 3, rng: new Rng(3), initStd: 1 });
    const bags = bagsFromLists([[0, 4, 4], [2], [], [1, 3]], [[1, 2, 0.5], [4], [], [1, 1]]);
    const upstream = new Rng(4).fillNormal(new Float32Array(4 * 3));
    const loss = () => weightedMean(random, bags).reduce((sum, value, k) => sum + value * upstream[k], 0);
    weightedMeanBackward(random, bags, upstream);
    const analytic = new Float32Array(random.weights.length);
    const { rows, values } = random.gradient();
    rows.forEach((row, slot) => analytic.set(values.subarray(slot * 3, slot * 3 + 3), row * 3));
    const report = checkGradients(loss, [{ name: 'table', values: random.weights, analytic }]);
    expect(report.mismatches).toEqual([]);
    expect(report.checked).toBe(15);
  });

  it('rejects an index outside the table', () => {
    expect(() => weightedMean(table, bagsFromLists([[3]]))).toThrow(/indices\[0\] = 3 is outside \[0, 3\)/);
  });
});
