import { describe, expect, it } from 'vitest';

import { CandidateSet } from '../../../src/eval/candidate-set.js';
import { TopKAccuracy } from '../../../src/eval/metrics/top-k-accuracy.js';

// Candidates 1..5; 2 and 3 tie at 0.7; 5 is unscorable.
const candidates = CandidateSet.from([1, 2, 3, 4, 5]);
const scores = Float32Array.from([0.9, 0.7, 0.7, 0.4, -Infinity]);
// Five test interactions: 3, 2, 5, 9 (not a candidate), 3 again.
const interactions = [3, 2, 5, 9, 3];

function accuracies(metric: TopKAccuracy): number[] {
  return metric.result().values.map((value) => value.accuracy);
}

describe('TopKAccuracy', () => {
  it('counts each interaction with pessimistic ties', () => {
    // Ranks: 3 -> 3 (1, 2, 3 are >= 0.7), 2 -> 3, 5 -> 5, 9 -> Infinity, 3 -> 3.
    // k=1: 0/5; k=2: 0/5; k=3: 3/5; k=5: 4/5; k=10 (beyond the 5 candidates): still 4/5.
    const metric = new TopKAccuracy([1, 2, 3, 5, 10]);
    metric.update({ candidates, scores }, interactions);
    expect(accuracies(metric)).toEqual([0, 0, 0.6, 0.8, 0.8]);
    expect(metric.result().interactions).toBe(5);
  });

  it('ignores duplicate candidates', () => {
    // The same candidates with 2 and 4 repeated: deduplicated to the same set, same ranks.
    const withRepeats = CandidateSet.from([1, 2, 2, 3, 4, 4, 5]);
    expect(Array.from(withRepeats.articles)).toEqual([1, 2, 3, 4, 5]);
    const metric = new TopKAccuracy([1, 2, 3, 5, 10]);
    metric.update({ candidates: withRepeats, scores }, interactions);
    expect(accuracies(metric)).toEqual([0, 0, 0.6, 0.8, 0.8]);
  });

  it('excludes history but keeps the target', () => {
    // History {2, 3}. Target 3 ranks among 1, 4, 5 plus itself: only 1 is >= 0.7 -> rank 2.
    // Target 2 likewise -> 2. Target 5 among 1, 4, 5 -> 3.
    // k=1: 0; k=2: 3/5 (3, 2, 3); k=3: 4/5.
    const metric = new TopKAccuracy([1, 2, 3]);
    metric.update({ candidates, scores, excluded: new Set([2, 3]) }, interactions);
    expect(accuracies(metric)).toEqual([0, 0.6, 0.8]);
  });

  it('averages over interactions across updates', () => {
    // Second query: one interaction on article 1, the top candidate -> a hit at every k.
    // k=3: (3 + 1) / 6.
    const metric = new TopKAccuracy([1, 3]);
    metric.update({ candidates, scores }, interactions);
    metric.update({ candidates, scores }, [1]);
    expect(accuracies(metric)).toEqual([1 / 6, 4 / 6]);
  });

  it('reports NaN before any update', () => {
    expect(accuracies(new TopKAccuracy([1]))).toEqual([NaN]);
  });

  it('rejects a cut-off below 1', () => {
    expect(() => new TopKAccuracy([0])).toThrow(/cut-off 0 is invalid/);
  });
});
