import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  ACCIDENTAL_HIT_LOGIT,
  accidentalHitMask,
  TfjsTwoTower,
  type EmbeddingGradient,
} from '../../../bench/peers/tfjs-two-tower.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** dim 1; user rows [OOV, 1, 0], article rows [OOV, 1, 0.5]. */
function tinyModel(embeddingGradient: EmbeddingGradient): TfjsTwoTower {
  return new TfjsTwoTower({
    userTable: new Float32Array([0, 1, 0]),
    userRows: 3,
    articleTable: new Float32Array([0, 1, 0.5]),
    articleRows: 3,
    dim: 1,
    learningRate: 0.1,
    initialAccumulator: 0.1,
    embeddingGradient,
  });
}

describe('accidentalHitMask', () => {
  it('masks other rows with the same article', () => {
    const mask = accidentalHitMask(new Int32Array([5, 5, 7]));
    const H = ACCIDENTAL_HIT_LOGIT;
    // Rows 0 and 1 share article 5; the diagonal (the row's own positive) is never masked.
    expect(Array.from(mask)).toEqual([0, Math.fround(H), 0, Math.fround(H), 0, 0, 0, 0, 0]);
  });
});

describe.each<EmbeddingGradient>(['autograd', 'scatter'])('TfjsTwoTower with %s gradient', (embeddingGradient) => {
  it('computes the first step by hand', () => {
    const model = tinyModel(embeddingGradient);
    // Batch: (user 1, article 1), (user 2, article 2). Q = [1, 0], C = [1, 0.5],
    // logits = [[1, 0.5], [0, 0]].
    // Row 0: ln(1 + e^-0.5) = 0.474077; row 1: ln 2 = 0.693147; per example (0.474077 + 0.693147) / 2.
    const loss = model.trainStep(new Int32Array([1, 2]), new Int32Array([1, 2]));
    expect(loss).toBeCloseTo(0.583612, 5);

    // dLoss/dlogits (sum reduction) = softmax - labels: p = 1 / (1 + e^-0.5) = 0.622459,
    // row 0 [p - 1, 1 - p] = [-0.377541, 0.377541]; row 1 [0.5, -0.5].
    // Gradients: user 1 = -0.377541 * 1 + 0.377541 * 0.5 = -0.188770, user 2 = 0.5 * 1 - 0.5 * 0.5 = 0.25,
    // article 1 = -0.377541 * 1 + 0.5 * 0 = -0.377541, article 2 = 0.377541 * 1 - 0.5 * 0 = 0.377541.
    // Adagrad: w - 0.1 * g / sqrt(0.1 + g^2), e.g. user 1: 1 + 0.1 * 0.188770 / sqrt(0.135634) = 1.051256,
    // user 2: 0 - 0.1 * 0.25 / sqrt(0.1625) = -0.062017.
    const { userTable, articleTable } = model.readTables();
    expect(userTable[0]).toBe(0);
    expect(userTable[1]).toBeCloseTo(1.051256, 5);
    expect(userTable[2]).toBeCloseTo(-0.062017, 5);
    expect(articleTable[0]).toBe(0);
    expect(articleTable[1]).toBeCloseTo(1.076661, 5);
    expect(articleTable[2]).toBeCloseTo(0.423339, 5);
    model.dispose();
  });

  it('gives zero loss when every candidate is an accidental hit', () => {
    const model = tinyModel(embeddingGradient);
    // Both rows have article 1, so each row's only unmasked logit is its own positive.
    expect(model.trainStep(new Int32Array([1, 2]), new Int32Array([1, 1]))).toBeCloseTo(0, 6);
    model.dispose();
  });

  it('sums gradients of a repeated user', () => {
    const model = tinyModel(embeddingGradient);
    // User 1 twice, articles 1 and 2: logits = [[1, 0.5], [1, 0.5]], softmax [p, 1 - p] with p = 0.622459.
    // Row 0 (label column 0) gives user 1: (p - 1) * 1 + (1 - p) * 0.5 = -0.188770;
    // row 1 (label column 1) gives p * 1 - p * 0.5 = 0.311230. Sum: 0.122459.
    // Adagrad: 1 - 0.1 * 0.122459 / sqrt(0.1 + 0.014996) = 0.963889.
    model.trainStep(new Int32Array([1, 1]), new Int32Array([1, 2]));
    expect(model.readTables().userTable[1]).toBeCloseTo(0.963889, 5);
    model.dispose();
  });
});
