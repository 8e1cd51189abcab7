import { resolveTwoTowerConfig, type TwoTowerConfigInput } from '../../src/models/two-tower-config.js';
import { TwoTowerModel, type TrainingBatch } from '../../src/models/two-tower-model.js';
import type { EmbeddingTable } from '../../src/tensor/embedding.js';
import type { DenseParameter } from '../../src/tensor/dense.js';
import type { GradientCheckTarget } from '../../src/tensor/gradient-check.js';

/** Vocabulary sizes of the tiny test model (OOV row included). */
export const TINY_SIZES = { users: 4, articles: 5, categories: 3, tags: 4, authors: 3 };

/** A tiny hybrid model on the plain-JS backends, so gradients are exact float32 arithmetic. */
export async function tinyModel(overrides: TwoTowerConfigInput = {}): Promise<TwoTowerModel> {
  const config = resolveTwoTowerConfig({
    preset: 'hybrid',
    dim: 4,
    textBuckets: 8,
    articleIdDropout: 0,
    userIdDropout: 0,
    initStd: 0.5,
    timeTerm: { ageBuckets: 5, popularityBuckets: 3 },
    ...overrides,
  });
  return TwoTowerModel.create({ config, seed: 7, sizes: TINY_SIZES, softmaxImplementation: 'matmul-js', matmulBackend: 'js' });
}

/** Three query rows over two distinct candidates, every feature present. */
export function tinyBatch(withTime: boolean): TrainingBatch {
  const batch: TrainingBatch = {
    query: {
      size: 3,
      users: Int32Array.of(1, 2, 3),
      history: { indices: Int32Array.of(1, 2, 3), offsets: Int32Array.of(0, 2, 2, 3) },
      topics: { indices: Int32Array.of(1, 2), offsets: Int32Array.of(0, 1, 2, 2) },
    },
    candidates: {
      size: 2,
      ids: Int32Array.of(1, 4),
      categories: Int32Array.of(1, 2),
      authors: Int32Array.of(2, 0),
      text: { indices: Int32Array.of(0, 3, 5, 5), offsets: Int32Array.of(0, 2, 4), weights: Float32Array.of(2, 1, 1, 3) },
      tags: { indices: Int32Array.of(1, 3), offsets: Int32Array.of(0, 2, 2) },
    },
    positives: Int32Array.of(0, 1, 0),
    samplingProbability: Float32Array.of(0.5, 0.25),
  };
  // Cells of a 5 x 3 grid: a mix of rows and columns so every table gets several entries.
  if (withTime) batch.timeCells = Int32Array.of(7, 3, 14, 7, 0, 5);
  return batch;
}

/** Clears every gradient of the model, so one trainStep leaves exactly its own gradient. */
export function clearGradients(model: TwoTowerModel): void {
  for (const table of model.namedTables().values()) table.clearGradient();
  for (const parameter of model.denseParameters()) parameter.gradient.fill(0);
}

/** Dense copy [rows x dim] of a table's sparse gradient. */
export function denseTableGradient(table: EmbeddingTable): Float32Array {
  const out = new Float32Array(table.weights.length);
  const { rows, values } = table.gradient();
  for (let slot = 0; slot < rows.length; slot++) out.set(values.subarray(slot * table.dim, (slot + 1) * table.dim), rows[slot] * table.dim);
  return out;
}

/** Gradient-check targets for every table and dense parameter, after one trainStep. */
export function allTargets(model: TwoTowerModel): GradientCheckTarget[] {
  const targets: GradientCheckTarget[] = [];
  for (const [name, table] of model.namedTables()) targets.push({ name, values: table.weights, analytic: denseTableGradient(table) });
  for (const parameter of model.denseParameters() as DenseParameter[]) {
    targets.push({ name: parameter.name, values: parameter.value, analytic: parameter.gradient.slice() });
  }
  return targets;
}
