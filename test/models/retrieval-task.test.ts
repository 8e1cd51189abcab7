import { describe, expect, it } from 'vitest';

import { RetrievalTask } from '../../src/models/retrieval-task.js';
import { createInBatchSoftmax } from '../../src/tensor/in-batch-softmax-variants.js';

describe('RetrievalTask', async () => {
  const softmax = await createInBatchSoftmax({ implementation: 'matmul-js' });
  const options = { temperature: 1, logQ: false, removeAccidentalHits: true };

  it.each(['fused-wasm', 'matmul-js'] as const)('adds logit offsets after the temperature (%s)', async (implementation) => {
    const task = new RetrievalTask({ ...options, temperature: 2 }, await createInBatchSoftmax({ implementation }));
    // Two rows, two candidates, d = 1: q = [2, 0], c = [1, 0] (the second candidate scores 0).
    // Row 0 logits: 2·1/2 + 0 = 1 and 0 + ln 3 = 1.0986; positive column 0.
    // Loss = ln(e^1 + e^1.0986) - 1 = 0.74439. Row 1: q = 0 so logits 0 + 0 and 0 + 0, loss ln 2.
    const result = task.compute({
      query: Float32Array.of(2, 0),
      candidate: Float32Array.of(1, 0),
      batchSize: 2,
      numCandidates: 2,
      dim: 1,
      positives: Int32Array.of(0, 1),
      logitOffsets: Float32Array.of(0, Math.log(3), 0, 0),
    });
    expect(result.loss).toBeCloseTo(Math.log(Math.E + 3) - 1 + Math.log(2), 5);
    // dLoss/dOffset[0][1] = softmax = 3 / (e + 3) = 0.52466.
    expect(result.dLogitOffsets![1]).toBeCloseTo(3 / (Math.E + 3), 5);
  });

  it('agrees with the fused path when offsets are zero', () => {
    const task = new RetrievalTask({ ...options, logQ: true }, softmax);
    const inputs = {
      query: Float32Array.of(0.3, -0.1, 0.5, 0.2, -0.4, 0.9),
      candidate: Float32Array.of(0.7, 0.1, -0.2, 0.6),
      batchSize: 3,
      numCandidates: 2,
      dim: 2,
      positives: Int32Array.of(0, 1, 0),
      samplingProbability: Float32Array.of(0.4, 0.1),
    };
    const plain = task.compute(inputs);
    const withOffsets = task.compute({ ...inputs, logitOffsets: new Float32Array(6) });
    expect(withOffsets.loss).toBeCloseTo(plain.loss, 5);
    [...plain.dQuery].forEach((value, k) => expect(withOffsets.dQuery[k]).toBeCloseTo(value, 5));
    [...plain.dCandidate].forEach((value, k) => expect(withOffsets.dCandidate[k]).toBeCloseTo(value, 5));
  });

  it('rejects logQ without sampling probabilities', () => {
    const task = new RetrievalTask({ ...options, logQ: true }, softmax);
    expect(() =>
      task.compute({ query: Float32Array.of(1), candidate: Float32Array.of(1), batchSize: 1, numCandidates: 1, dim: 1, positives: Int32Array.of(0) }),
    ).toThrow(/logQ is on but no samplingProbability/);
  });
});
