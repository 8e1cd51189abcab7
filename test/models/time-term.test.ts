import { describe, expect, it } from 'vitest';

import { AGE_NOT_PUBLISHED, AGE_UNKNOWN, TimeTerm, ageBucket, ageBucketRecheckAge, popularityBucket } from '../../src/models/time-term.js';
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

describe('ageBucketRecheckAge', () => {
  it.each([
    // bucket, true upper edge in hours: bucket b ends at 2^(b-1) - 1 hours
    [2, 1],
    [3, 3],
    [5, 15],
  ])('keeps bucket %d up to %d hours', (bucket, edgeHours) => {
    const recheck = ageBucketRecheckAge(bucket, 10);
    expect(recheck).toBeLessThan(edgeHours * HOUR);
    expect(recheck).toBeGreaterThan(edgeHours * HOUR * (1 - 1e-8));
    expect(ageBucket(recheck, 10)).toBe(bucket);
    expect(ageBucket(edgeHours * HOUR, 10)).toBe(bucket + 1);
  });

  it('handles the special and last buckets', () => {
    expect(ageBucketRecheckAge(AGE_NOT_PUBLISHED, 10)).toBe(0);
    expect(ageBucketRecheckAge(9, 10)).toBe(Infinity);
    expect(ageBucketRecheckAge(AGE_UNKNOWN, 10)).toBeNaN();
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

  it('sweeps ascending times like countAt', () => {
    // Same events as above; 40 events of article 1 on the half hours push a pointer past its linear scan.
    const articles = [0, 2, 0, 0, 0, ...Array.from({ length: 40 }, () => 1)];
    const times = [2, 5, 0, 30, 1, ...Array.from({ length: 40 }, (_, k) => k + 0.5)].map((hours) => hours * HOUR);
    const index = TrailingPopularity.build(3, Int32Array.from(articles), Float64Array.from(times), 24 * HOUR);
    const sorted = Float64Array.from([0, 2, 2, 25, 31, 39.5, 45], (hours) => hours * HOUR);
    const out = new Int32Array(sorted.length);
    // Article 0 at 39.5 h and 45 h: only the event at 30 h is in the window.
    expect(Array.from(index.countsAtSortedTimes(0, sorted, out))).toEqual([0, 2, 2, 2, 1, 1, 1]);
    // Article 1 at 25 h: window [1 h, 25 h) contains 1.5 .. 24.5 h, 24 events; at 45 h, 21.5 .. 39.5 h, 19.
    expect(Array.from(index.countsAtSortedTimes(1, sorted, out))).toEqual([0, 2, 2, 24, 24, 24, 19]);
    expect(Array.from(out)).toEqual(Array.from(sorted, (time) => index.countAt(1, time)));
    expect(Array.from(index.countsAtSortedTimes(7, sorted, out))).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});
