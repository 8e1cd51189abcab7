import { describe, expect, it } from 'vitest';

import { CandidateSet } from '../../src/eval/candidate-set.js';

describe('CandidateSet', () => {
  it('keeps the first of repeated codes', () => {
    const set = CandidateSet.from([7, 3, 7, 5, 3]);
    expect(Array.from(set.articles)).toEqual([7, 3, 5]);
    expect(set.indexOf(7)).toBe(0);
    expect(set.indexOf(5)).toBe(2);
    expect(set.indexOf(4)).toBe(-1);
    expect(set.indexOf(100)).toBe(-1);
  });

  it('shares positions with a prefix', () => {
    const prefix = CandidateSet.from([7, 3, 5]).prefix(2);
    expect(Array.from(prefix.articles)).toEqual([7, 3]);
    expect(prefix.indexOf(3)).toBe(1);
    expect(prefix.indexOf(5)).toBe(-1);
  });

  it('rejects invalid codes', () => {
    expect(() => CandidateSet.from([1, -2])).toThrow(/code -2 at position 1 is invalid/);
    expect(() => CandidateSet.from([1.5])).toThrow(/code 1.5/);
  });
});
