import { describe, expect, it } from 'vitest';

import { CandidateSet } from '../../../src/eval/candidate-set.js';
import { EvaluationError } from '../../../src/eval/errors.js';
import { countEligible, rankEachTarget, rankPositivesJointly } from '../../../src/eval/metrics/rank.js';

// Candidates 10..15 with scores; 11 and 12 tie at 0.8.
const candidates = CandidateSet.from([10, 11, 12, 13, 14, 15]);
const scores = Float32Array.from([0.9, 0.8, 0.8, 0.5, 0.3, -Infinity]);

describe('rankEachTarget', () => {
  it('counts ties pessimistically', () => {
    // 12 (0.8): candidates >= 0.8 are 10, 11, 12 -> rank 3. 11 the same. 10 -> 1.
    const ranks = rankEachTarget({ candidates, scores }, [12, 11, 10]);
    expect(Array.from(ranks)).toEqual([3, 3, 1]);
  });

  it('ranks -Infinity last and absent targets at Infinity', () => {
    // 15 is -Infinity: all 6 candidates are >= it -> rank 6. 99 is not a candidate.
    const ranks = rankEachTarget({ candidates, scores }, [15, 99]);
    expect(Array.from(ranks)).toEqual([6, Infinity]);
  });

  it('keeps an excluded target in its own ranking', () => {
    // Excluding {10, 12}: 12 ranks among 11, 13, 14, 15 plus itself; >= 0.8 are 11 and 12 -> 2.
    // 13 ranks among 11, 13, 14, 15: >= 0.5 are 11 and 13 -> 2.
    const ranks = rankEachTarget({ candidates, scores, excluded: new Set([10, 12]) }, [12, 13]);
    expect(Array.from(ranks)).toEqual([2, 2]);
  });
});

describe('rankPositivesJointly', () => {
  it('places tied positives after tied negatives', () => {
    // Positives 12 and 14. Full order with ties broken against positives:
    // 10 (0.9), 11 (0.8), 12 (0.8), 13, 14, 15 -> 12 ranks 3, 14 ranks 5.
    const ranks = rankPositivesJointly({ candidates, scores }, [14, 12]);
    expect(Array.from(ranks)).toEqual([5, 3]);
  });

  it('gives tied positives consecutive ranks', () => {
    // 11 and 12 are both positives at 0.8, behind 10 -> ranks 2 and 3 (order among them is free).
    const ranks = rankPositivesJointly({ candidates, scores }, [11, 12]);
    expect(Array.from(ranks).sort()).toEqual([2, 3]);
  });

  it('drops excluded candidates from the ranking', () => {
    // Excluding 10 and 11: order 12, 13, 14, 15 -> 14 ranks 3; excluded positive 11 is absent.
    const ranks = rankPositivesJointly({ candidates, scores, excluded: new Set([10, 11]) }, [14, 11]);
    expect(Array.from(ranks)).toEqual([3, Infinity]);
  });

  it('ranks a constant scorer last', () => {
    // Every score equal: the one positive comes after the five others -> rank 6.
    const flat = new Float32Array(6).fill(0.25);
    expect(Array.from(rankPositivesJointly({ candidates, scores: flat }, [13]))).toEqual([6]);
  });
});

describe('ranking input checks', () => {
  it('rejects NaN scores', () => {
    const bad = Float32Array.from([0.9, NaN, 0.8, 0.5, 0.3, 0.1]);
    let error: unknown;
    try {
      rankEachTarget({ candidates, scores: bad }, [10]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EvaluationError);
    expect((error as EvaluationError).code).toBe('EVAL_NAN_SCORE');
    expect((error as EvaluationError).message).toContain('article 11');
  });

  it('rejects a score buffer of the wrong length', () => {
    expect(() => rankPositivesJointly({ candidates, scores: new Float32Array(5) }, [10])).toThrow(/Got 5 scores for 6 candidates/);
  });

  it('counts eligible candidates', () => {
    expect(countEligible({ candidates, scores })).toBe(6);
    expect(countEligible({ candidates, scores, excluded: new Set([10, 99]) })).toBe(5);
  });
});
