import { TensorError } from './errors.js';
import type { MatmulBackend } from './matmul.js';
import { checkIndices, checkMatrix, checkSize, checkVector } from './shape.js';

/**
 * Fused in-batch sampled softmax: the retrieval loss of a two-tower model, with its gradients.
 *
 * Row i of the batch is a query q_i with one positive candidate. The full TensorFlow
 * Recommenders form scores every query against the B positives of the batch ([B x B] logits,
 * label = the diagonal). Here the candidates are the U DISTINCT positives and column u stands
 * for its m_u copies among the B, which gives the same loss with U <= B columns:
 *
 * - Score: s_iu = (q_i · c_u) / temperature.
 * - Logit offset (optional): s_iu += o_iu, a term of row and candidate together (the time
 *   term of an article's age and trailing popularity at the row's time), added after the
 *   temperature division. Its gradient dLoss/do_iu = c_i·(softmax_iu - [u = pos(i)]).
 * - Sampling correction (logQ, optional): s_iu -= ln p_u, with p_u the probability that the
 *   sampler puts candidate u in a batch. Popular items appear as negatives more often, and the
 *   correction stops the model from learning that bias. p_u is clipped to [1e-6, 1] so that a
 *   zero stays finite (TFRS takes the logarithm unclipped).
 * - Multiplicity: the B-column softmax sums exp(s_iu) once per copy, so the unique form adds
 *   ln k_iu with k_iu the number of copies still in row i's softmax. For u other than row
 *   i's positive, k_iu = m_u. For the positive itself, accidental-hit removal drops the m_u - 1
 *   other rows' copies (the same article is never a negative for itself), leaving k = 1 (so + 0);
 *   without removal k = m_u. A candidate column that is no row's positive (an extra sampled
 *   negative) has m_u = 0 and counts once (k = 1).
 * - Loss: ℓ_i = logsumexp_u(s_iu + ln k_iu) - s_i,pos(i), weighted by sample weight w_i and
 *   summed (reduction 'sum', the default of TFRS's Retrieval task) or divided by B ('mean').
 * - Gradient: dℓ_i/ds_iu = softmax_iu - [u = pos(i)], so with G_iu = c_i·(softmax_iu -
 *   [u = pos(i)])/temperature (c_i = w_i, or w_i/B for 'mean'): dQuery = G·C and dCandidate = Gᵀ·Q.
 */
export interface InBatchSoftmaxInputs {
  /** [batchSize x dim] query tower outputs. */
  query: Float32Array;
  /** [numCandidates x dim] candidate tower outputs for the distinct candidates. */
  candidate: Float32Array;
  batchSize: number;
  numCandidates: number;
  dim: number;
  /** [batchSize] column in `candidate` of each row's positive. */
  positives: Int32Array;
  /** [numCandidates] sampling probability p_u of each candidate, for the logQ correction. */
  candidateSamplingProbability?: Float32Array;
  /** [batchSize] non-negative weight of each row's loss (default 1). */
  sampleWeight?: Float32Array;
  /** [batchSize x numCandidates] additive logit offset o_iu, added after the temperature division. */
  logitOffsets?: Float32Array;
}

export interface InBatchSoftmaxOptions {
  /** Logits are divided by it; must be > 0 (default 1). */
  temperature?: number;
  /** Drops the other copies of a row's positive from its softmax (default true; TFRS defaults to false). */
  removeAccidentalHits?: boolean;
  /** 'sum' of weighted row losses (default, as TFRS) or that sum divided by batchSize ('mean'). */
  reduction?: 'sum' | 'mean';
}

export interface InBatchSoftmaxResult {
  /** Reduced loss (natural log units). */
  loss: number;
  /** [batchSize x dim] dLoss/dQuery. */
  dQuery: Float32Array;
  /** [numCandidates x dim] dLoss/dCandidate. */
  dCandidate: Float32Array;
  /** [batchSize x numCandidates] dLoss/dOffset; present exactly when `logitOffsets` was given. */
  dLogitOffsets?: Float32Array;
}

/** Per-column and per-row terms shared by every implementation, computed once per batch. */
export interface SoftmaxTerms {
  /** Logits are divided by it (> 0). */
  temperature: number;
  /** 1 / temperature. */
  inverseTemperature: number;
  /** [U] added to every logit of column u: -ln p_u + ln max(m_u, 1). */
  columnBias: Float32Array;
  /** [U] ln max(m_u, 1): the part of `columnBias` that counts copies. */
  logMultiplicity: Float32Array;
  /** Whether a row's positive column counts once (k = 1) instead of m_u times. */
  removeAccidentalHits: boolean;
  /** [B] c_i: sample weight, divided by batchSize for 'mean'. */
  rowScale: Float32Array;
}

const MIN_SAMPLING_PROBABILITY = 1e-6;

/** Validates inputs and options (errors name the offending value) and derives `SoftmaxTerms`. */
export function prepareSoftmaxTerms(inputs: InBatchSoftmaxInputs, options: InBatchSoftmaxOptions = {}): SoftmaxTerms {
  const op = 'inBatchSoftmax';
  const { batchSize, numCandidates, dim } = inputs;
  checkSize(op, 'batchSize', batchSize);
  checkSize(op, 'numCandidates', numCandidates);
  checkSize(op, 'dim', dim);
  checkMatrix(op, 'query', inputs.query, batchSize, dim);
  checkMatrix(op, 'candidate', inputs.candidate, numCandidates, dim);
  checkVector(op, 'positives', inputs.positives, batchSize);
  checkIndices(op, 'positives', inputs.positives, numCandidates);
  if (inputs.logitOffsets !== undefined) checkMatrix(op, 'logitOffsets', inputs.logitOffsets, batchSize, numCandidates);

  const temperature = options.temperature ?? 1;
  if (!(temperature > 0) || !Number.isFinite(temperature)) {
    throw new TensorError('TENSOR_INVALID_ARGUMENT', `${op}: temperature must be a finite number > 0, got ${temperature}`);
  }
  const removeAccidentalHits = options.removeAccidentalHits ?? true;
  const reduction = options.reduction ?? 'sum';
  if (reduction !== 'sum' && reduction !== 'mean') {
    throw new TensorError('TENSOR_INVALID_ARGUMENT', `${op}: reduction must be 'sum' or 'mean', got '${String(reduction)}'`);
  }

  // m_u: how many rows have candidate u as their positive.
  const multiplicity = new Int32Array(numCandidates);
  for (let i = 0; i < batchSize; i++) multiplicity[inputs.positives[i]]++;

  const columnBias = new Float32Array(numCandidates);
  const logMultiplicities = new Float32Array(numCandidates);
  const probability = inputs.candidateSamplingProbability;
  if (probability !== undefined) checkVector(op, 'candidateSamplingProbability', probability, numCandidates);
  for (let u = 0; u < numCandidates; u++) {
    const logMultiplicity = Math.log(Math.max(multiplicity[u], 1));
    let bias = logMultiplicity;
    if (probability !== undefined) {
      const p = probability[u];
      if (!(p >= 0)) {
        throw new TensorError(
          'TENSOR_INVALID_ARGUMENT',
          `${op}: candidateSamplingProbability[${u}] = ${p} must be a probability >= 0`,
        );
      }
      bias -= Math.log(Math.min(Math.max(p, MIN_SAMPLING_PROBABILITY), 1));
    }
    columnBias[u] = bias;
    logMultiplicities[u] = logMultiplicity;
  }

  const rowScale = new Float32Array(batchSize);
  const weight = inputs.sampleWeight;
  if (weight !== undefined) checkVector(op, 'sampleWeight', weight, batchSize);
  const divisor = reduction === 'mean' ? batchSize : 1;
  for (let i = 0; i < batchSize; i++) {
    const w = weight === undefined ? 1 : weight[i];
    if (!(w >= 0) || !Number.isFinite(w)) {
      throw new TensorError('TENSOR_INVALID_ARGUMENT', `${op}: sampleWeight[${i}] = ${w} must be a finite number >= 0`);
    }
    rowScale[i] = w / divisor;
  }

  return {
    temperature,
    inverseTemperature: 1 / temperature,
    columnBias,
    logMultiplicity: logMultiplicities,
    removeAccidentalHits,
    rowScale,
  };
}

/**
 * Turns one row of raw dot products [U] into its gradient row in place and returns the row's
 * unweighted loss ℓ_i. `row[u]` contains q_i · c_u on entry and G_iu on exit. `offsets` [U]
 * is the row's optional logit offset.
 */
export function softmaxRowInPlace(
  row: Float32Array,
  positive: number,
  rowScale: number,
  terms: SoftmaxTerms,
  offsets?: Float32Array,
): number {
  const { inverseTemperature, columnBias } = terms;
  const count = row.length;

  let max = -Infinity;
  for (let u = 0; u < count; u++) {
    const logit = row[u] * inverseTemperature + columnBias[u] + (offsets === undefined ? 0 : offsets[u]);
    row[u] = logit;
    if (logit > max) max = logit;
  }
  // The label is one copy of the positive, so its logit carries no ln k term.
  const positiveLogit = row[positive] - terms.logMultiplicity[positive];
  if (terms.removeAccidentalHits) row[positive] = positiveLogit;

  let sum = 0;
  for (let u = 0; u < count; u++) {
    const e = Math.exp(row[u] - max);
    row[u] = e;
    sum += e;
  }

  const gradientScale = (rowScale * inverseTemperature) / sum;
  for (let u = 0; u < count; u++) row[u] *= gradientScale;
  row[positive] -= rowScale * inverseTemperature;

  return max + Math.log(sum) - positiveLogit;
}

/**
 * Computes the loss and gradients with three products on `backend`: scores = Q·Cᵀ [B x U],
 * dQuery = G·C and dCandidate = Gᵀ·Q. Costs 3·B·U·d multiply-adds plus B·U exponentials.
 * With logit offsets, dOffset = temperature · G.
 */
export function inBatchSoftmaxLoss(
  backend: MatmulBackend,
  inputs: InBatchSoftmaxInputs,
  options: InBatchSoftmaxOptions = {},
): InBatchSoftmaxResult {
  const terms = prepareSoftmaxTerms(inputs, options);
  const { query, candidate, batchSize, numCandidates, dim, positives, logitOffsets } = inputs;

  const scores = new Float32Array(batchSize * numCandidates);
  backend.matmul(query, candidate, batchSize, dim, numCandidates, scores, { transposeB: true });

  let loss = 0;
  for (let i = 0; i < batchSize; i++) {
    const row = scores.subarray(i * numCandidates, (i + 1) * numCandidates);
    const offsets = logitOffsets?.subarray(i * numCandidates, (i + 1) * numCandidates);
    const rowLoss = softmaxRowInPlace(row, positives[i], terms.rowScale[i], terms, offsets);
    loss += terms.rowScale[i] * rowLoss;
  }

  const dQuery = new Float32Array(batchSize * dim);
  backend.matmul(scores, candidate, batchSize, numCandidates, dim, dQuery);
  const dCandidate = new Float32Array(numCandidates * dim);
  backend.matmul(scores, query, numCandidates, batchSize, dim, dCandidate, { transposeA: true });
  if (logitOffsets === undefined) return { loss, dQuery, dCandidate };

  // G contains dLoss/ds · (1/temperature), and an offset enters s unscaled.
  const temperature = terms.temperature;
  for (let k = 0; k < scores.length; k++) scores[k] *= temperature;
  return { loss, dQuery, dCandidate, dLogitOffsets: scores };
}
