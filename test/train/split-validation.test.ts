import { describe, expect, it } from 'vitest';

import { splitValidation } from '../../src/train/train-two-tower.js';
import { resolveTrainingOptions } from '../../src/train/training-options.js';

/** Positives 100..109 stand for ten training rows in time order. */
const POSITIVES = Int32Array.from({ length: 10 }, (_, k) => 100 + k);

describe('splitValidation', () => {
  it('holds out the latest rows by default', () => {
    const options = resolveTrainingOptions({ validationShare: 0.3 });
    expect(options.validationSplit).toBe('latest');
    // floor(10 x 0.3) = 3 rows held out: the last three.
    const { fitRows, validationRows } = splitValidation(POSITIVES, options);
    expect([...fitRows]).toEqual([100, 101, 102, 103, 104, 105, 106]);
    expect([...validationRows]).toEqual([107, 108, 109]);
  });

  it('draws a seeded random slice', () => {
    const options = resolveTrainingOptions({ validationShare: 0.3, validationSplit: 'random', seed: 42 });
    const { fitRows, validationRows } = splitValidation(POSITIVES, options);

    expect(validationRows.length).toBe(3);
    expect(fitRows.length).toBe(7);
    // Fit rows keep their time order, and the two parts together are every positive once.
    expect([...fitRows]).toEqual([...fitRows].sort((a, b) => a - b));
    expect([...fitRows, ...validationRows].sort((a, b) => a - b)).toEqual([...POSITIVES]);
    // Not simply the latest rows, and the same draw for the same seed.
    expect([...validationRows]).not.toEqual([107, 108, 109]);
    expect([...splitValidation(POSITIVES, options).validationRows]).toEqual([...validationRows]);
  });

  it('changes the random slice with the seed', () => {
    const draws = new Set<string>();
    for (let seed = 0; seed < 8; seed++) {
      const options = resolveTrainingOptions({ validationShare: 0.3, validationSplit: 'random', seed });
      draws.add(splitValidation(POSITIVES, options).validationRows.join(','));
    }
    // C(10, 3) = 120 possible slices; 8 seeds giving fewer than 4 distinct ones would mean the seed is ignored.
    expect(draws.size).toBeGreaterThanOrEqual(4);
  });

  it('caps the scored rows at maxValidationRows', () => {
    const options = resolveTrainingOptions({ validationShare: 0.5, validationSplit: 'random', maxValidationRows: 2 });
    const { fitRows, validationRows } = splitValidation(POSITIVES, options);
    // Five rows are held out of training, but only two of them are scored.
    expect(fitRows.length).toBe(5);
    expect(validationRows.length).toBe(2);
    expect(fitRows.some((row) => validationRows.includes(row))).toBe(false);
  });

  it('keeps every row when the share rounds to zero', () => {
    const options = resolveTrainingOptions({ validationShare: 0.05, validationSplit: 'random' });
    // floor(10 x 0.05) = 0.
    const { fitRows, validationRows } = splitValidation(POSITIVES, options);
    expect([...fitRows]).toEqual([...POSITIVES]);
    expect(validationRows.length).toBe(0);
  });

  it('rejects an unknown split kind', () => {
    expect(() => resolveTrainingOptions({ validationSplit: 'oldest' as 'latest' })).toThrow(/validationSplit/);
  });
});
