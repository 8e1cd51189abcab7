import type { CodeScorer } from './code-scorer.js';
import type { TrainingData } from './training-data.js';

/**
 * Top-K accuracy on held-out training rows: for each validation row, the share of rows whose
 * article ranks within the top K among all articles available at the row's time (published,
 * or first read, at or before it). Rank = number of available articles scoring strictly
 * higher, so ties favour the true article. Returns one value per K, keyed "top10" etc.
 */
export function validationTopK(
  scorer: CodeScorer,
  data: TrainingData,
  rows: Int32Array,
  ks: readonly number[],
): Record<string, number> {
  const availability = availabilityOrder(data);
  const hits = new Float64Array(ks.length);
  const chunk = 256;
  const dim = scorer.model.config.dim;
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.subarray(start, Math.min(rows.length, start + chunk));
    const queries = scorer.queriesForRows(part);
    for (let i = 0; i < part.length; i++) {
      const row = part[i];
      const time = data.train.timestamp[row];
      const codes = availability.at(time);
      const scores = new Float32Array(codes.length);
      scorer.score(queries.subarray(i * dim, (i + 1) * dim), time, codes, scores);
      const target = new Float32Array(1);
      scorer.score(queries.subarray(i * dim, (i + 1) * dim), time, Int32Array.of(data.train.article[row]), target);
      let higher = 0;
      for (let k = 0; k < scores.length; k++) if (scores[k] > target[0]) higher++;
      ks.forEach((k, index) => {
        if (higher < k) hits[index]++;
      });
    }
  }
  const out: Record<string, number> = {};
  ks.forEach((k, index) => (out[`top${k}`] = rows.length === 0 ? 0 : hits[index] / rows.length));
  return out;
}

/** Article codes sorted by the time they became available, with a prefix lookup by time. */
function availabilityOrder(data: TrainingData): { at(time: number): Int32Array } {
  const { train } = data;
  const available = Float64Array.from(data.publishedAt);
  for (const row of data.positiveRows) {
    const code = train.article[row];
    const time = train.timestamp[row];
    if (Number.isNaN(available[code]) || time < available[code]) available[code] = time;
  }
  const codes: number[] = [];
  for (let code = 0; code < available.length; code++) if (!Number.isNaN(available[code])) codes.push(code);
  codes.sort((a, b) => available[a] - available[b] || a - b);
  const sorted = Int32Array.from(codes);
  const times = Float64Array.from(codes, (code) => available[code]);
  return {
    at(time: number): Int32Array {
      let low = 0;
      let high = times.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (times[middle] <= time) low = middle + 1;
        else high = middle;
      }
      return sorted.subarray(0, low);
    },
  };
}
