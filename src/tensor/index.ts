/**
 * The numeric core: seeded RNG, shape checks, matrix-product backends, embedding tables with
 * sparse gradients, dense layers, optimizers, the fused in-batch softmax and the
 * finite-difference gradient check. Matrices are row-major Float32Array; shapes are written
 * [rows x cols] in every doc comment and error message.
 */
export { TensorError, type TensorErrorCode } from './errors.js';
export { Rng, type RngState } from './random.js';
export { checkIndices, checkMatmulShapes, checkMatrix, checkSize, checkVector, formatShape } from './shape.js';
export {
  createMatmulBackend,
  type MatmulBackend,
  type MatmulBackendName,
  type MatmulOptions,
} from './matmul.js';
export { EmbeddingTable, type EmbeddingTableOptions, type SparseRowGradient } from './embedding.js';
export { accumulateMeanGradient, gatherMean } from './embedding-bag.js';
export { Dense, type Activation, type DenseOptions, type DenseParameter } from './dense.js';
export { Adagrad, Adam, type AdagradOptions, type AdamOptions, type Optimizer } from './optimizers.js';
export { uniqueCandidates, type BatchCandidates } from './batch-candidates.js';
export {
  inBatchSoftmaxLoss,
  type InBatchSoftmaxInputs,
  type InBatchSoftmaxOptions,
  type InBatchSoftmaxResult,
} from './in-batch-softmax.js';
export { FusedInBatchSoftmax, type FusedInBatchSoftmaxOptions } from './in-batch-softmax-fused.js';
export {
  createInBatchSoftmax,
  type CreateInBatchSoftmaxOptions,
  type InBatchSoftmax,
  type InBatchSoftmaxImplementation,
} from './in-batch-softmax-variants.js';
export {
  SPD_INVERSE_MAX_KERNEL_BYTES,
  SpdInverse,
  invertSymmetricPositiveDefinite,
  spdInverseKernelBytes,
  type SpdInverseOptions,
  type SpdInverseVariant,
} from './spd-inverse.js';
export {
  NotPositiveDefiniteError,
  invertSymmetricPositiveDefiniteReference,
} from './spd-inverse-reference.js';
export {
  checkGradients,
  type GradientCheckOptions,
  type GradientCheckReport,
  type GradientCheckTarget,
  type GradientMismatch,
} from './gradient-check.js';
