/**
 * Test oracle: the TensorFlow Recommenders retrieval loss in its full form, in float64.
 * Logits are [B x B] (every query against every row's positive), labels the diagonal, and an
 * accidental hit (another row with the same candidate id) gets MIN_FLOAT added, as TFRS's
 * RemoveAccidentalHits layer does (MIN_FLOAT = the lowest float32 / 100).
 */
export interface FullFormInputs {
  /** [B x d] */
  query: Float32Array;
  /** [B x d] each row's positive candidate embedding (duplicates repeated). */
  positiveEmbedding: Float32Array;
  /** [B] candidate id of each row's positive. */
  candidateIds: Int32Array;
  batchSize: number;
  dim: number;
  temperature: number;
  removeAccidentalHits: boolean;
  /** [B] sampling probability of each row's positive, or undefined. */
  samplingProbability?: Float64Array;
  sampleWeight?: Float64Array;
  reduction: 'sum' | 'mean';
}

const MIN_FLOAT = -3.4028234663852886e38 / 100;

/** Returns the loss and dLoss/dQuery [B x d] and dLoss/dPositiveEmbedding [B x d]. */
export function fullFormLoss(inputs: FullFormInputs): { loss: number; dQuery: Float64Array; dPositive: Float64Array } {
  const { query, positiveEmbedding, candidateIds, batchSize: b, dim: d } = inputs;
  const dQuery = new Float64Array(b * d);
  const dPositive = new Float64Array(b * d);
  let loss = 0;
  for (let i = 0; i < b; i++) {
    const logits = new Float64Array(b);
    for (let j = 0; j < b; j++) {
      let dot = 0;
      for (let p = 0; p < d; p++) dot += query[i * d + p] * positiveEmbedding[j * d + p];
      let logit = dot / inputs.temperature;
      if (inputs.samplingProbability) logit -= Math.log(Math.min(Math.max(inputs.samplingProbability[j], 1e-6), 1));
      if (inputs.removeAccidentalHits && j !== i && candidateIds[j] === candidateIds[i]) logit += MIN_FLOAT;
      logits[j] = logit;
    }
    const max = Math.max(...logits);
    let sum = 0;
    for (let j = 0; j < b; j++) sum += Math.exp(logits[j] - max);
    const scale = (inputs.sampleWeight ? inputs.sampleWeight[i] : 1) / (inputs.reduction === 'mean' ? b : 1);
    loss += scale * (max + Math.log(sum) - logits[i]);
    for (let j = 0; j < b; j++) {
      const g = (scale * (Math.exp(logits[j] - max) / sum - (i === j ? 1 : 0))) / inputs.temperature;
      for (let p = 0; p < d; p++) {
        dQuery[i * d + p] += g * positiveEmbedding[j * d + p];
        dPositive[j * d + p] += g * query[i * d + p];
      }
    }
  }
  return { loss, dQuery, dPositive };
}
