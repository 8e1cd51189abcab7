import { Rng, uniqueCandidates, type InBatchSoftmaxInputs } from '../../src/tensor/index.js';

/**
 * Builds a seeded random batch for the softmax tests: `batchSize` positives drawn from
 * `vocabulary` ids (so U distinct candidates), logQ probabilities and sample weights. With
 * `offsets`, it also draws logit offsets of the size of a time term (about ±2), after the rest,
 * so the other inputs are the same with or without them.
 */
export function randomSoftmaxInputs(
  seed: number,
  batchSize: number,
  dim: number,
  vocabulary: number,
  options: { offsets?: boolean } = {},
): InBatchSoftmaxInputs {
  const rng = new Rng(seed);
  const { ids, positives } = uniqueCandidates(Int32Array.from({ length: batchSize }, () => rng.nextInt(vocabulary)));
  const inputs: InBatchSoftmaxInputs = {
    query: rng.fillNormal(new Float32Array(batchSize * dim), 0, 0.7),
    candidate: rng.fillNormal(new Float32Array(ids.length * dim), 0, 0.7),
    batchSize,
    numCandidates: ids.length,
    dim,
    positives,
    candidateSamplingProbability: Float32Array.from(ids, () => 0.001 + 0.1 * rng.nextFloat()),
    sampleWeight: Float32Array.from({ length: batchSize }, () => 2 * rng.nextFloat()),
  };
  if (options.offsets === true) inputs.logitOffsets = rng.fillUniform(new Float32Array(batchSize * ids.length), -2, 2);
  return inputs;
}
