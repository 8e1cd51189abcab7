import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  checkGradients,
  createInBatchSoftmax,
  createMatmulBackend,
  FusedInBatchSoftmax,
  inBatchSoftmaxLoss,
  type InBatchSoftmaxOptions,
  type MatmulBackend,
} from '../../src/tensor/index.js';
import { randomSoftmaxInputs } from './softmax-fixtures.js';

let js: MatmulBackend;

beforeAll(async () => {
  js = await createMatmulBackend('js');
});

// Both builds of the kernel: fused multiply-add (relaxed SIMD) and plain SIMD.
describe.each([true, false])('FusedInBatchSoftmax (fma: %s)', (fma) => {
  let fused: FusedInBatchSoftmax;

  beforeAll(async () => {
    fused = await FusedInBatchSoftmax.create({ fma });
  });

  afterAll(async () => {
    await fused.dispose();
  });

  it('runs the requested build', () => {
    // Node 20 has relaxed SIMD behind a flag that create() turns on.
    expect(fused.variant).toBe(fma ? 'fma' : 'portable');
  });

  it('reproduces the hand-computed logQ case', () => {
    // Same fixture as the reference test: sum of row losses 1.317951 + 0.781130 = 2.099081.
    const result = fused.loss({
      query: Float32Array.of(1, 0, 0, 1),
      candidate: Float32Array.of(1, 0, 0, 1, 1, 1),
      batchSize: 2,
      numCandidates: 3,
      dim: 2,
      positives: Int32Array.of(0, 1),
      candidateSamplingProbability: Float32Array.of(0.5, 0.25, 0.25),
    });
    expect(result.loss).toBeCloseTo(2.099081, 5);
  });

  // 67 rows end in a padded block of four; dims 13 and 12 are padded to 16. The last case has
  // about 183 candidates (203 rows over 1000 ids), so the logits tiles end inside padding columns.
  it.each([
    { dim: 16, options: {} },
    { dim: 13, options: { removeAccidentalHits: false, temperature: 0.3 } },
    { dim: 12, options: { removeAccidentalHits: false } },
    { dim: 64, options: { reduction: 'mean', temperature: 0.05 } },
    { dim: 24, options: {}, rows: 203, vocabulary: 1000 },
  ] as { dim: number; options: InBatchSoftmaxOptions; rows?: number; vocabulary?: number }[])(
    'matches the JS reference (dim $dim)',
    ({ dim, options, rows, vocabulary }) => {
      const inputs = randomSoftmaxInputs(dim, rows ?? 67, dim, vocabulary ?? 25);
      const expected = inBatchSoftmaxLoss(js, inputs, options);
      const actual = fused.loss(inputs, options);
      expect(Math.abs(actual.loss - expected.loss) / expected.loss).toBeLessThan(1e-5);
      const scale = Math.max(...expected.dQuery.map(Math.abs), ...expected.dCandidate.map(Math.abs));
      for (let j = 0; j < expected.dQuery.length; j++) {
        expect(Math.abs(actual.dQuery[j] - expected.dQuery[j])).toBeLessThan(1e-5 * scale);
      }
      for (let j = 0; j < expected.dCandidate.length; j++) {
        expect(Math.abs(actual.dCandidate[j] - expected.dCandidate[j])).toBeLessThan(1e-5 * scale);
      }
    },
  );

  it('passes the gradient check', () => {
    const inputs = randomSoftmaxInputs(3, 9, 5, 6);
    const options: InBatchSoftmaxOptions = { temperature: 0.8, reduction: 'mean' };
    const result = fused.loss(inputs, options);
    const report = checkGradients(() => fused.loss(inputs, options).loss, [
      { name: 'dQuery', values: inputs.query, analytic: result.dQuery },
      { name: 'dCandidate', values: inputs.candidate, analytic: result.dCandidate },
    ]);
    expect(report.mismatches).toEqual([]);
  });

  it('splits rows over worker threads', async () => {
    const parallel = await FusedInBatchSoftmax.create({ threads: 3, fma });
    try {
      expect(parallel.threads).toBe(3);
      // 67 rows (68 padded) over 3 threads: rows [0, 24), [24, 48), [48, 68).
      const inputs = randomSoftmaxInputs(17, 67, 12, 20);
      const options: InBatchSoftmaxOptions = { temperature: 0.5 };
      const expected = fused.loss(inputs, options);
      for (let call = 0; call < 3; call++) {
        const actual = parallel.loss(inputs, options);
        expect(actual.loss).toBeCloseTo(expected.loss, 4);
        expect(Array.from(actual.dQuery)).toEqual(Array.from(expected.dQuery));
        // dCandidate sums per-thread parts in another order, so it may differ in the last bits
        // (one float32 step at 24 is 1.9e-6).
        for (let j = 0; j < expected.dCandidate.length; j++) {
          expect(Math.abs(actual.dCandidate[j] - expected.dCandidate[j])).toBeLessThan(1e-6 * Math.max(1, Math.abs(expected.dCandidate[j])));
        }
      }
    } finally {
      await parallel.dispose();
    }
  });

  it('rejects a call after dispose', async () => {
    const disposed = await FusedInBatchSoftmax.create({ threads: 2, fma });
    await disposed.dispose();
    expect(() => disposed.loss(randomSoftmaxInputs(1, 4, 8, 3))).toThrow(
      'FusedInBatchSoftmax.loss: called after dispose(); create a new instance',
    );
  });

  it('rejects a thread count outside [1, 8]', async () => {
    await expect(FusedInBatchSoftmax.create({ threads: 0 })).rejects.toThrow(
      'FusedInBatchSoftmax: threads must be an integer in [1, 8], got 0',
    );
  });

  it('grows its memory for a larger batch', () => {
    const small = randomSoftmaxInputs(4, 8, 4, 5);
    fused.loss(small);
    const large = randomSoftmaxInputs(5, 600, 32, 400);
    const expected = inBatchSoftmaxLoss(js, large);
    expect(Math.abs(fused.loss(large).loss - expected.loss) / expected.loss).toBeLessThan(1e-5);
  });
});

describe('createInBatchSoftmax', () => {
  it('gives every implementation the same loss', async () => {
    const inputs = randomSoftmaxInputs(30, 24, 8, 10);
    const losses: number[] = [];
    for (const implementation of ['fused-wasm', 'matmul-wasm', 'matmul-js'] as const) {
      const softmax = await createInBatchSoftmax({ implementation, threads: 2 });
      expect(softmax.implementation).toBe(implementation);
      losses.push(softmax.loss(inputs).loss);
      await softmax.dispose();
    }
    expect(losses[0]).toBeCloseTo(losses[2], 4);
    expect(losses[1]).toBeCloseTo(losses[2], 4);
  });

  it('rejects an unknown implementation', async () => {
    await expect(createInBatchSoftmax({ implementation: 'gpu' as never })).rejects.toThrow(
      "createInBatchSoftmax: unknown implementation 'gpu'; use 'fused-wasm', 'matmul-wasm' or 'matmul-js'",
    );
  });
});
