import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  checkGradients,
  createMatmulBackend,
  FusedInBatchSoftmax,
  inBatchSoftmaxLoss,
  type InBatchSoftmaxInputs,
  type InBatchSoftmaxOptions,
  type InBatchSoftmaxResult,
  type MatmulBackend,
} from '../../src/tensor/index.js';
import { randomSoftmaxInputs } from './softmax-fixtures.js';

let js: MatmulBackend;
let fused: FusedInBatchSoftmax;

beforeAll(async () => {
  js = await createMatmulBackend('js');
  fused = await FusedInBatchSoftmax.create();
});

afterAll(async () => {
  await fused.dispose();
});

function expectClose(actual: Float32Array, expected: Float32Array, relative: number): void {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(...expected.map(Math.abs));
  for (let j = 0; j < expected.length; j++) expect(Math.abs(actual[j] - expected[j])).toBeLessThan(relative * scale);
}

// Two rows, two candidates, d = 1, temperature 2: q = [2, 0], c = [1, 0].
// Row 0 logits: 2·1/2 + 0 = 1 and 0 + ln 3 = 1.0986, positive column 0, so its loss is
// ln(e + 3) - 1 = 0.74439. Row 1 has q = 0, logits 0 and 0, loss ln 2.
// dLoss/dOffset[0][1] = softmax = 3 / (e + 3) = 0.52466; dLoss/dOffset[0][0] = e/(e + 3) - 1.
const HAND_CASE: InBatchSoftmaxInputs = {
  query: Float32Array.of(2, 0),
  candidate: Float32Array.of(1, 0),
  batchSize: 2,
  numCandidates: 2,
  dim: 1,
  positives: Int32Array.of(0, 1),
  logitOffsets: Float32Array.of(0, Math.log(3), 0, 0),
};

describe('in-batch softmax with logit offsets', () => {
  it.each(['fused', 'reference'] as const)('reproduces the hand-computed case (%s)', (variant) => {
    const options: InBatchSoftmaxOptions = { temperature: 2 };
    const result = variant === 'fused' ? fused.loss(HAND_CASE, options) : inBatchSoftmaxLoss(js, HAND_CASE, options);
    expect(result.loss).toBeCloseTo(Math.log(Math.E + 3) - 1 + Math.log(2), 5);
    expect(result.dLogitOffsets![0]).toBeCloseTo(Math.E / (Math.E + 3) - 1, 5);
    expect(result.dLogitOffsets![1]).toBeCloseTo(3 / (Math.E + 3), 5);
    // Row 1: softmax 1/2 each, positive column 1.
    expect(result.dLogitOffsets![2]).toBeCloseTo(0.5, 5);
    expect(result.dLogitOffsets![3]).toBeCloseTo(-0.5, 5);
  });

  // 67 rows end in a padded block of four; dim 13 is padded to 16.
  it.each([
    { dim: 16, options: {} },
    { dim: 13, options: { removeAccidentalHits: false, temperature: 0.3 } },
    { dim: 64, options: { reduction: 'mean', temperature: 0.05 } },
    // About 183 candidates: several eight-wide logits tiles, the last one partial.
    { dim: 24, options: {}, rows: 203, vocabulary: 1000 },
  ] as { dim: number; options: InBatchSoftmaxOptions; rows?: number; vocabulary?: number }[])(
    'fused matches the reference (dim $dim)',
    ({ dim, options, rows, vocabulary }) => {
      const inputs = randomSoftmaxInputs(dim, rows ?? 67, dim, vocabulary ?? 25, { offsets: true });
      const expected = inBatchSoftmaxLoss(js, inputs, options);
      const actual = fused.loss(inputs, options);
      expect(Math.abs(actual.loss - expected.loss) / expected.loss).toBeLessThan(1e-5);
      expectClose(actual.dQuery, expected.dQuery, 1e-5);
      expectClose(actual.dCandidate, expected.dCandidate, 1e-5);
      expectClose(actual.dLogitOffsets!, expected.dLogitOffsets!, 1e-5);
    },
  );

  it.each(['fused', 'reference'] as const)('passes the gradient check (%s)', (variant) => {
    const inputs = randomSoftmaxInputs(3, 9, 5, 6, { offsets: true });
    const options: InBatchSoftmaxOptions = { temperature: 0.8 };
    const run = (): InBatchSoftmaxResult => (variant === 'fused' ? fused.loss(inputs, options) : inBatchSoftmaxLoss(js, inputs, options));
    const result = run();
    const report = checkGradients(() => run().loss, [
      { name: 'dQuery', values: inputs.query, analytic: result.dQuery },
      { name: 'dCandidate', values: inputs.candidate, analytic: result.dCandidate },
      { name: 'dLogitOffsets', values: inputs.logitOffsets!, analytic: result.dLogitOffsets! },
    ]);
    expect(report.mismatches).toEqual([]);
  });

  it('drops stale offsets on a call without them', () => {
    const inputs = randomSoftmaxInputs(8, 20, 8, 12, { offsets: true });
    fused.loss(inputs);
    const plain = { ...inputs, logitOffsets: undefined };
    const actual = fused.loss(plain);
    const expected = inBatchSoftmaxLoss(js, plain);
    expect(actual.dLogitOffsets).toBeUndefined();
    expect(Math.abs(actual.loss - expected.loss) / expected.loss).toBeLessThan(1e-5);
  });

  it('splits rows with offsets over worker threads', async () => {
    const parallel = await FusedInBatchSoftmax.create({ threads: 2 });
    try {
      const inputs = randomSoftmaxInputs(17, 67, 12, 20, { offsets: true });
      const expected = fused.loss(inputs, { temperature: 0.5 });
      const actual = parallel.loss(inputs, { temperature: 0.5 });
      expect(actual.loss).toBeCloseTo(expected.loss, 4);
      expect(Array.from(actual.dLogitOffsets!)).toEqual(Array.from(expected.dLogitOffsets!));
      expect(Array.from(actual.dQuery)).toEqual(Array.from(expected.dQuery));
    } finally {
      await parallel.dispose();
    }
  });

  it('rejects offsets of the wrong shape', () => {
    expect(() => fused.loss({ ...HAND_CASE, logitOffsets: new Float32Array(3) })).toThrow(/logitOffsets/);
  });
});
