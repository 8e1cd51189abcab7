import { describe, expect, it } from 'vitest';

import { novelty } from '../../../src/eval/metrics/novelty.js';

describe('novelty', () => {
  // Training counts by code: 0 -> 0, 1 -> 4, 2 -> 2, 3 -> 1, 4 -> 1; total 8.
  const popularity = Float64Array.from([0, 4, 2, 1, 1]);

  it('averages self-information over slots', () => {
    // -log2(4/8) = 1, -log2(2/8) = 2, -log2(1/8) = 3; article 0 was never read and counts
    // as read once -> 3. Mean (1 + 2 + 3 + 3) / 4 = 2.25 bits.
    expect(novelty([[1, 2], [3, 0]], popularity)).toBe(2.25);
  });

  it('is NaN without slots or training', () => {
    expect(novelty([[]], popularity)).toBeNaN();
    expect(novelty([[1]], new Float64Array(3))).toBeNaN();
  });
});
