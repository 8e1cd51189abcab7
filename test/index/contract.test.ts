import { ExactIndex } from '../../src/index/exact-index.js';
import { HnswIndex } from '../../src/index/hnsw-index.js';
import { runIndexContract } from './contract.js';

// Exact search is the oracle, so its recall must be exactly 1 and its scores are float64 sums.
runIndexContract('exact', {
  create: (dimension) => new ExactIndex(dimension),
  recallFloor: 1,
  scoreTolerance: 1e-9,
});

// HNSW at the default parameters (M 16, efConstruction 200, efSearch 100). Scores come from
// hnswlib's float32 distance 1 − q·v, so they carry float32 rounding (|q·v| is below 100 here).
runIndexContract('hnsw', {
  create: (dimension) => new HnswIndex(dimension, { seed: 3 }),
  recallFloor: 0.95,
  scoreTolerance: 1e-4,
});
