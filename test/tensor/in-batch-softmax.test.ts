import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  checkGradients,
  createMatmulBackend,
  inBatchSoftmaxLoss,
  Rng,
  uniqueCandidates,
  type InBatchSoftmaxOptions,
  type MatmulBackend,
} from '../../src/tensor/index.js';
import { fullFormLoss } from './full-in-batch-softmax.js';

let js: MatmulBackend;
let wasm: MatmulBackend;

beforeAll(async () => {
  js = await createMatmulBackend('js');
  wasm = await createMatmulBackend('wasm');
});

afterAll(() => {
  wasm.dispose();
});

describe('inBatchSoftmaxLoss', () => {
  it('subtracts ln p for the logQ correction', () => {
    // Q = [1 0; 0 1], candidates c0 = [1 0], c1 = [0 1], c2 = [1 1] (an extra negative, no
    // row's positive), p = [0.5 0.25 0.25], positives [0 1].
    // Row 0 logits q·c - ln p = [1 + ln 2, 0 + ln 4, 1 + ln 4] = [1.693147, 1.386294, 2.386294];
    //   logsumexp = ln(5.436564 + 4 + 10.873127) = 3.011098; loss = 3.011098 - 1.693147 = 1.317951.
    // Row 1 logits = [0 + ln 2, 1 + ln 4, 1 + ln 4] = [0.693147, 2.386294, 2.386294];
    //   logsumexp = ln(2 + 10.873127 · 2) = 3.167425; loss = 3.167425 - 2.386294 = 0.781130.
    // Sum = 2.099081 (adding ln p instead would give 1.527545).
    const result = inBatchSoftmaxLoss(js, {
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

  it('removes accidental hits with multiplicities', () => {
    // d = 1. Rows' positives are article ids [7, 7, 9] -> unique [7, 9], m = [2, 1];
    // c7 = 1, c9 = -1, queries q = [1, 0, 2].
    // Row 0 (positive 7): the other copy of 7 is removed, so softmax over {7 once, 9}:
    //   ln(e^1 + e^-1) - 1 = ln(1 + e^-2) = 0.126928.
    // Row 1 (positive 7): scores [0, 0] -> ln 2 = 0.693147.
    // Row 2 (positive 9): 7 counts twice: ln(2e^2 + e^-2) + 2 = 4.702263.
    // Sum = 5.522339. Without removal, rows 0 and 1 count 7 twice:
    //   ln(2e^1 + e^-1) - 1 = 0.758624 and ln 3 = 1.098612, sum 6.559499.
    const { ids, positives } = uniqueCandidates(Int32Array.of(7, 7, 9));
    expect(Array.from(ids)).toEqual([7, 9]);
    expect(Array.from(positives)).toEqual([0, 0, 1]);
    const inputs = {
      query: Float32Array.of(1, 0, 2),
      candidate: Float32Array.of(1, -1),
      batchSize: 3,
      numCandidates: 2,
      dim: 1,
      positives,
    };
    const removed = inBatchSoftmaxLoss(js, inputs);
    expect(removed.loss).toBeCloseTo(5.522339, 5);
    // dq0 = Σ softmax·c - c_pos = (e/(e + e^-1))·1 + (e^-1/(e + e^-1))·(-1) - 1 = -0.238406.
    expect(removed.dQuery[0]).toBeCloseTo(-0.238406, 5);
    const withoutRemoval = inBatchSoftmaxLoss(js, inputs, { removeAccidentalHits: false });
    expect(withoutRemoval.loss).toBeCloseTo(6.559499, 5);
  });

  it('divides by temperature and batch size', () => {
    // One row, candidates [1] and [-1] (extra negative), q = [2], T = 2, mean over B = 1:
    // logits [1, -1] -> ln(1 + e^-2) = 0.126928.
    const result = inBatchSoftmaxLoss(
      js,
      { query: Float32Array.of(2), candidate: Float32Array.of(1, -1), batchSize: 1, numCandidates: 2, dim: 1, positives: Int32Array.of(0) },
      { temperature: 2, reduction: 'mean' },
    );
    expect(result.loss).toBeCloseTo(0.126928, 5);
  });

  it.each([
    { removeAccidentalHits: true, reduction: 'sum', temperature: 1 },
    { removeAccidentalHits: true, reduction: 'mean', temperature: 0.2 },
    { removeAccidentalHits: false, reduction: 'sum', temperature: 0.5 },
  ] as const)('equals the full B x B form (%o)', (options) => {
    const rng = new Rng(21);
    const batchSize = 40;
    const dim = 6;
    const vocabulary = 9; // few ids, so most rows share their positive with others
    const candidateIds = Int32Array.from({ length: batchSize }, () => rng.nextInt(vocabulary));
    const table = rng.fillNormal(new Float32Array(vocabulary * dim), 0, 0.5);
    const probability = Float64Array.from({ length: vocabulary }, () => 0.01 + 0.2 * rng.nextFloat());
    const sampleWeight = Float64Array.from({ length: batchSize }, () => rng.nextFloat() * 2);
    const query = rng.fillNormal(new Float32Array(batchSize * dim), 0, 0.5);

    const { ids, positives } = uniqueCandidates(candidateIds);
    const candidate = new Float32Array(ids.length * dim);
    ids.forEach((id, u) => candidate.set(table.subarray(id * dim, (id + 1) * dim), u * dim));
    const positiveEmbedding = new Float32Array(batchSize * dim);
    candidateIds.forEach((id, i) => positiveEmbedding.set(table.subarray(id * dim, (id + 1) * dim), i * dim));

    const full = fullFormLoss({
      query,
      positiveEmbedding,
      candidateIds,
      batchSize,
      dim,
      samplingProbability: Float64Array.from(candidateIds, (id) => probability[id]),
      sampleWeight,
      ...options,
    });
    const unique = inBatchSoftmaxLoss(
      js,
      {
        query,
        candidate,
        batchSize,
        numCandidates: ids.length,
        dim,
        positives,
        candidateSamplingProbability: Float32Array.from(ids, (id) => probability[id]),
        sampleWeight: Float32Array.from(sampleWeight),
      },
      options,
    );

    expect(Math.abs(unique.loss - full.loss) / full.loss).toBeLessThan(1e-6);
    for (let j = 0; j < full.dQuery.length; j++) expect(unique.dQuery[j]).toBeCloseTo(full.dQuery[j], 5);
    // The full form's gradient for candidate u is the sum over its copies.
    const summed = new Float64Array(ids.length * dim);
    positives.forEach((u, i) => {
      for (let p = 0; p < dim; p++) summed[u * dim + p] += full.dPositive[i * dim + p];
    });
    for (let j = 0; j < summed.length; j++) expect(unique.dCandidate[j]).toBeCloseTo(summed[j], 5);
  });

  it.each([true, false])('passes the gradient check (removeAccidentalHits=%s)', (removeAccidentalHits) => {
    const rng = new Rng(5);
    const batchSize = 7;
    const dim = 3;
    const numCandidates = 5;
    // Rows 0, 3 and 5 share candidate 2; candidate 4 is an extra negative.
    const positives = Int32Array.of(2, 0, 1, 2, 3, 2, 0);
    const query = rng.fillNormal(new Float32Array(batchSize * dim));
    const candidate = rng.fillNormal(new Float32Array(numCandidates * dim));
    const inputs = {
      query,
      candidate,
      batchSize,
      numCandidates,
      dim,
      positives,
      candidateSamplingProbability: Float32Array.of(0.3, 0.05, 0.4, 0.1, 0.02),
      sampleWeight: Float32Array.of(1, 0.5, 2, 0, 1.5, 1, 0.25),
    };
    const options: InBatchSoftmaxOptions = { temperature: 0.7, removeAccidentalHits, reduction: 'mean' };
    const result = inBatchSoftmaxLoss(js, inputs, options);
    const report = checkGradients(() => inBatchSoftmaxLoss(js, inputs, options).loss, [
      { name: 'dQuery', values: query, analytic: result.dQuery },
      { name: 'dCandidate', values: candidate, analytic: result.dCandidate },
    ]);
    expect(report.mismatches).toEqual([]);
    expect(report.checked).toBe(21 + 15);
  });

  it('gives the same result on the wasm backend', () => {
    const rng = new Rng(8);
    const batchSize = 64;
    const dim = 16;
    const candidateIds = Int32Array.from({ length: batchSize }, () => rng.nextInt(30));
    const { ids, positives } = uniqueCandidates(candidateIds);
    const inputs = {
      query: rng.fillNormal(new Float32Array(batchSize * dim)),
      candidate: rng.fillNormal(new Float32Array(ids.length * dim)),
      batchSize,
      numCandidates: ids.length,
      dim,
      positives,
    };
    const expected = inBatchSoftmaxLoss(js, inputs);
    const actual = inBatchSoftmaxLoss(wasm, inputs);
    expect(Math.abs(actual.loss - expected.loss) / expected.loss).toBeLessThan(1e-5);
    for (let j = 0; j < expected.dQuery.length; j++) expect(actual.dQuery[j]).toBeCloseTo(expected.dQuery[j], 4);
    for (let j = 0; j < expected.dCandidate.length; j++) {
      expect(actual.dCandidate[j]).toBeCloseTo(expected.dCandidate[j], 4);
    }
  });

  it('rejects a positive outside the candidates', () => {
    expect(() =>
      inBatchSoftmaxLoss(js, {
        query: new Float32Array(2),
        candidate: new Float32Array(2),
        batchSize: 2,
        numCandidates: 2,
        dim: 1,
        positives: Int32Array.of(0, 2),
      }),
    ).toThrow(/inBatchSoftmax: positives\[1\] = 2 is outside \[0, 2\)/);
  });

  it('rejects a non-positive temperature', () => {
    expect(() =>
      inBatchSoftmaxLoss(
        js,
        { query: new Float32Array(1), candidate: new Float32Array(1), batchSize: 1, numCandidates: 1, dim: 1, positives: Int32Array.of(0) },
        { temperature: 0 },
      ),
    ).toThrow('inBatchSoftmax: temperature must be a finite number > 0, got 0');
  });
});
