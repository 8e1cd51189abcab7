import { OOV_INDEX } from '../features/vocabulary.js';
import { candidateBatchFromFeatures } from '../models/article-encoding.js';
import type { QueryBatch } from '../models/query-tower.js';
import type { TwoTowerConfig } from '../models/two-tower-config.js';
import { AGE_UNKNOWN, ageBucket, ageBucketRecheckAge, popularityBucket, type TimeTerm } from '../models/time-term.js';
import type { TrainingBatch } from '../models/two-tower-model.js';
import { uniqueCandidates } from '../tensor/batch-candidates.js';
import type { Rng } from '../tensor/random.js';
import { historyIndices, type TrainingData } from './training-data.js';

/**
 * Assembles one training batch from training rows `rows` [B]: the query side (user, history
 * before the row's time, profile topics), the batch's distinct positive articles, their logQ
 * probabilities and, with a time term, the [B x U] cells of each candidate's age and trailing
 * popularity at each row's time. `rng` draws the id dropout.
 */
export function buildTrainingBatch(
  data: TrainingData,
  rows: Int32Array,
  config: TwoTowerConfig,
  timeTerm: TimeTerm | null,
  rng: Rng,
): TrainingBatch {
  const { train } = data;
  const query = buildQueryBatch(data, rows, config.userIdDropout, rng);

  const articleCodes = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) articleCodes[i] = train.article[rows[i]];
  const unique = uniqueCandidates(articleCodes);
  const candidates = candidateBatchFromFeatures(data.articleFeatures, data.articleIndex, unique.ids, config.articleIdDropout, rng);
  const samplingProbability = Float32Array.from(unique.ids, (code) => data.samplingProbability[code]);

  const batch: TrainingBatch = { query, candidates, positives: unique.positives, samplingProbability };
  if (timeTerm !== null) batch.timeCells = timeCellsFor(data, rows, unique.ids, timeTerm);
  return batch;
}

/** Query rows for training rows `rows`; each user id becomes OOV with probability `userIdDropout`. */
export function buildQueryBatch(data: TrainingData, rows: Int32Array, userIdDropout: number, rng: Rng): QueryBatch {
  const { train, histories, topicsOfUser } = data;
  const size = rows.length;
  const users = new Int32Array(size);
  const historyList: number[] = [];
  const historyOffsets = new Int32Array(size + 1);
  const topicList: number[] = [];
  const topicOffsets = new Int32Array(size + 1);
  for (let i = 0; i < size; i++) {
    const row = rows[i];
    const user = train.user[row];
    users[i] = userIdDropout > 0 && rng.nextFloat() < userIdDropout ? OOV_INDEX : data.userIndex[user];
    historyIndices(histories, row, data.articleIndex, historyList);
    historyOffsets[i + 1] = historyList.length;
    for (let k = topicsOfUser.offsets[user]; k < topicsOfUser.offsets[user + 1]; k++) topicList.push(topicsOfUser.indices[k]);
    topicOffsets[i + 1] = topicList.length;
  }
  return {
    size,
    users,
    history: { indices: Int32Array.from(historyList), offsets: historyOffsets },
    topics: { indices: Int32Array.from(topicList), offsets: topicOffsets },
  };
}

/**
 * [B x U] time-term cell of candidate code `codes[u]` at the time of row `rows[i]`: the same
 * values as `timeTerm.cell(time - publishedAt, trailing.countAt(code, time))` per pair, computed
 * by sorting the rows by time once and sweeping each candidate's event times with two pointers
 * (see `TrailingPopularity.countsAtSortedTimes`).
 */
export function timeCellsFor(data: TrainingData, rows: Int32Array, codes: Int32Array, timeTerm: TimeTerm): Int32Array {
  const size = rows.length;
  const columns = codes.length;
  const timestamps = data.train.timestamp;
  const order = Int32Array.from({ length: size }, (_, i) => i).sort((a, b) => timestamps[rows[a]] - timestamps[rows[b]]);
  const sortedTimes = Float64Array.from(order, (i) => timestamps[rows[i]]);

  const { ageBuckets, popularityBuckets } = timeTerm.config;
  const cells = new Int32Array(size * columns);
  const counts = new Int32Array(size);
  for (let u = 0; u < columns; u++) {
    const code = codes[u];
    data.trailing.countsAtSortedTimes(code, sortedTimes, counts);
    const publishedAt = data.publishedAt[code];
    // Ages ascend with the sorted times, so the age bucket changes only at a few edges.
    let age = AGE_UNKNOWN;
    let recheckAge = Number.isNaN(publishedAt) ? Infinity : -Infinity;
    for (let k = 0; k < size; k++) {
      const ageMs = sortedTimes[k] - publishedAt;
      if (ageMs >= recheckAge) {
        age = ageBucket(ageMs, ageBuckets);
        recheckAge = ageBucketRecheckAge(age, ageBuckets);
      }
      cells[order[k] * columns + u] = age * popularityBuckets + popularityBucket(counts[k], popularityBuckets);
    }
  }
  return cells;
}

/** Reference form of `timeCellsFor`: one `countAt` (two binary searches) per (row, candidate) pair. */
export function timeCellsByPair(data: TrainingData, rows: Int32Array, codes: Int32Array, timeTerm: TimeTerm): Int32Array {
  const columns = codes.length;
  const cells = new Int32Array(rows.length * columns);
  for (let i = 0; i < rows.length; i++) {
    const time = data.train.timestamp[rows[i]];
    const base = i * columns;
    for (let u = 0; u < columns; u++) {
      const code = codes[u];
      cells[base + u] = timeTerm.cell(time - data.publishedAt[code], data.trailing.countAt(code, time));
    }
  }
  return cells;
}
