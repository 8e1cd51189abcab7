import { describe, expect, it } from 'vitest';

import { CandidateSet } from '../../../src/eval/candidate-set.js';
import { catalogueCoverage } from '../../../src/eval/metrics/coverage.js';

describe('catalogueCoverage', () => {
  it('counts distinct catalogue articles', () => {
    // Catalogue {1..5}; lists recommend 1, 2, 2, 3 and 9 (outside) -> {1, 2, 3} -> 3/5.
    const catalogue = CandidateSet.from([1, 2, 3, 4, 5]);
    expect(catalogueCoverage([[1, 2], [2, 3], [9]], catalogue)).toBe(0.6);
  });

  it('is zero for empty lists', () => {
    expect(catalogueCoverage([[], []], CandidateSet.from([1, 2]))).toBe(0);
  });
});
