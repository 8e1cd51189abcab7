import { describe, expect, it } from 'vitest';

import { AGE_NOT_PUBLISHED, AGE_UNKNOWN, TimeTerm, ageBucket, popularityBucket } from '../../src/models/time-term.js';
import { TrailingPopularity } from '../../src/models/trailing-popularity.js';
import { checkGradients } from '../../src/tensor/gradient-check.js';

const HOUR = 3_600_000;

describe('time term buckets', () => {
  it.each([
    [NaN, AGE_UNKNOWN],
    [-1, AGE_NOT_PUBLISHED],
    [0, 2], // log2(1 + 0) = 0
    [0.5 * HOUR, 2], // log2(1.5) = 0.58
    [1 * HOUR, 3], // log2(2) = 1
    [7 * HOUR, 5], // log2(8) = 3
    [1e6 * HOUR, 9], // capped at buckets - 1
  ])('age %d ms is bucket %d', (age, bucket) => {
    expect(ageBucket(age, 10)).toBe(bucket);
  });

  it.each([
    [0, 0],
    [1, 1],
    [3, 2],
    [4, 2], // log2(5) = 2.32
    [7, 3],
    [1000, 5], // capped
  ])('count %d is popularity bucket %d', (count, bucket) => {
    expect(popularityBucket(count, 6)).toBe(bucket);
  });
});

describe('TimeTerm', () => {
  it('adds joint, age and popularity tables', () => {
    const term = new TimeTerm({ enabled: true, windowHours: 24, ageBuckets: 4, popularityBuckets: 3 });
    term.joint.value.set([0, 0, 0, 0, 0, 0, 0, 0.5, 0, 0, 0, 0]);
    term.age.value.set([0, 0, 1, 2]);
    term.popularity.value.set([0, 10, 20]);
    // Age 0 is age bucket 2 and count 1 is popularity bucket 1, so the cell is 2·3 + 1 = 7.
    expect(term.cell(0, 1)).toBe(7);
    expect(term.value(0, 1)).toBeCloseTo(0.5 + 1 + 10, 6);
    expect(term.value(NaN, 0)).toBe(0);
  });

  it('backward matches finite differences', () => {
    const term = new TimeTerm({ enabled: true, windowHours: 24, ageBuckets: 3, popularityBuckets: 2 });
    term.joint.value.set([0.1, -0.2, 0.3, 0.4, -0.5, 0.6]);
    term.age.value.set([0.7, -0.8, 0.9]);
    term.popularity.value.set([-1, 1.1]);
    const cells = Int32Array.of(0, 5, 5, 3, 2);
    const upstream = Float32Array.of(0.5, -1, 2, 0.25, 3);
    const loss = () => term.forward(cells, new Float32Array(5)).reduce((sum, value, k) => sum + value * upstream[k], 0);
    term.backward(cells, upstream);
    const report = checkGradients(
      loss,
      term.parameters().map((parameter) => ({ name: parameter.name, values: parameter.value, analytic: parameter.gradient.slice() })),
    );
    expect(report.mismatches).toEqual([]);
    // Cell 5 is (age 2, popularity 1) and gets -1 + 2 = 1.
    expect(term.joint.gradient[5]).toBeCloseTo(1, 6);
  });
});

describe('TrailingPopularity', () => {
  it('counts events strictly before the time inside the window', () => {
    // Article 0 at hours 0, 1, 2, 30; article 2 at hour 5.
    const index = TrailingPopularity.build(
      3,
      Int32Array.of(0, 2, 0, 0, 0),
      Float64Array.of(2 * HOUR, 5 * HOUR, 0, 30 * HOUR, 1 * HOUR),
      24 * HOUR,
    );
    expect(index.countAt(0, 2 * HOUR)).toBe(2); // hours 0 and 1; hour 2 is not before itself
    expect(index.countAt(0, 25 * HOUR)).toBe(2); // window [1 h, 25 h): hours 1 and 2
    expect(index.countAt(0, 31 * HOUR)).toBe(1); // window [7 h, 31 h): hour 30
    expect(index.countAt(1, 10 * HOUR)).toBe(0);
    expect(index.countAt(2, 6 * HOUR)).toBe(1);
    expect(index.countAt(7, 6 * HOUR)).toBe(0); // outside the index
  });
});
