import type { TwoTowerServingModel } from './two-tower-serving.js';

export interface RecommendationRequest {
  userId: string;
  /** Raw article ids the user read before `time`, oldest first. */
  history: readonly string[];
  profileTopics: readonly string[];
  /** Request time in ms since the epoch; the time term measures ages from it. */
  time: number;
  k: number;
  /** Keep articles in `history` in the list (default false: they are excluded). */
  includeRead?: boolean;
  /** [catalogue size] trailing-window counts at `time`; default: the model's training-end snapshot. */
  trailingCounts?: Float64Array;
}

export interface Recommendation {
  articleId: string;
  score: number;
}

export interface RecommendationList {
  /**
   * 'model': query · candidate + time term. 'popularity-fallback': the user is unknown to the
   * model and has no known history or profile topic, so the list is the catalogue ranked by
   * trailing popularity (then by all-time catalogue order), flagged instead of silently scoring
   * with the OOV user vector.
   */
  source: 'model' | 'popularity-fallback';
  items: Recommendation[];
  /** Articles left out because the user already read them. */
  excludedRead: number;
}

/**
 * Exact top-k over the whole catalogue: every candidate embedding is scored (no index).
 * A k larger than the catalogue returns the whole catalogue (minus excluded articles), ranked.
 * Ties keep catalogue order.
 */
export function recommendForUser(model: TwoTowerServingModel, request: RecommendationRequest): RecommendationList {
  if (!Number.isInteger(request.k) || request.k < 1) throw new RangeError(`k must be an integer >= 1, got ${request.k}`);
  const counts = request.trailingCounts ?? model.catalogue.trailingCounts;
  const query = model.embedQuery(request.userId, request.history, request.profileTopics);
  const source = query === null ? 'popularity-fallback' : 'model';
  const scores = query === null ? Float32Array.from(counts) : model.scoreCatalogue(query, request.time, counts);

  const read = new Set(request.includeRead === true ? [] : request.history);
  const rows: number[] = [];
  let excludedRead = 0;
  for (let row = 0; row < model.articleIds.length; row++) {
    if (read.has(model.articleIds[row])) excludedRead++;
    else rows.push(row);
  }
  rows.sort((a, b) => scores[b] - scores[a] || a - b);
  const items = rows.slice(0, request.k).map((row) => ({ articleId: model.articleIds[row], score: scores[row] }));
  return { source, items, excludedRead };
}

/**
 * Trailing-window counts of every catalogue article at `time` from raw interactions: rows with
 * time in [time - windowMs, time) and click != 0. `articleIds` / `timestamps` / `clicks` are
 * parallel arrays of one interaction table's rows.
 */
export function trailingCountsAt(
  model: TwoTowerServingModel,
  rows: { articleIds: readonly string[]; article: Int32Array; timestamp: Float64Array; click: Int8Array; size: number },
  time: number,
): Float64Array {
  const counts = new Float64Array(model.articleIds.length);
  const windowMs = model.model.timeTerm?.windowMs ?? 0;
  if (windowMs === 0) return counts;
  const rowOfCode = rows.articleIds.map((id) => model.rowOf(id) ?? -1);
  for (let r = 0; r < rows.size; r++) {
    const t = rows.timestamp[r];
    if (t >= time || t < time - windowMs || rows.click[r] === 0) continue;
    const row = rowOfCode[rows.article[r]];
    if (row >= 0) counts[row]++;
  }
  return counts;
}
