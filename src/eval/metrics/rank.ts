/**
 * Ranks of target articles among scored candidates, the basis of every accuracy metric.
 *
 * Ties are counted pessimistically: a target ranks after every other candidate whose score is
 * greater than OR EQUAL to its own. A model that gives every candidate the same score therefore
 * ranks each target last and gets no credit, and -Infinity (a candidate the model cannot score)
 * is simply the lowest score. Ranks are 1-based, and a target that is not a candidate gets Infinity.
 */
import type { ArticleFilter } from '../article-mask.js';
import type { CandidateSet } from '../candidate-set.js';
import { EvaluationError } from '../errors.js';

/** One request's candidates with their scores. */
export interface ScoredCandidates {
  candidates: CandidateSet;
  /** [candidates.size] one score per candidate, aligned with `candidates.articles`; higher is better. */
  scores: Float32Array;
  /** Candidates left out of the ranking (usually the user's history); none when absent. */
  excluded?: ArticleFilter;
}

/**
 * Ranks each target on its own: every other eligible candidate, including other targets, counts
 * as a negative (the TFRS protocol with one positive per query).
 * rank = number of eligible candidates with score >= the target's score, the target included.
 *
 * An excluded target still ranks (only the other excluded candidates leave the ranking), so a
 * re-read article can count as a hit.
 *
 * @returns [targets.length] ranks aligned with `targets`; Infinity for a target that is not a candidate.
 */
export function rankEachTarget(scored: ScoredCandidates, targets: ArrayLike<number>): Float64Array {
  const ranks = new Float64Array(targets.length).fill(Infinity);
  const targetScores: number[] = [];
  const targetSlots: number[] = [];
  for (let i = 0; i < targets.length; i++) {
    const index = scored.candidates.indexOf(targets[i]);
    if (index === -1) continue;
    targetScores.push(scored.scores[index]);
    targetSlots.push(i);
  }

  const atLeast = countScoresAtLeast(scored, targetScores);
  for (let j = 0; j < targetSlots.length; j++) {
    const slot = targetSlots[j];
    // The count skipped an excluded target itself; add it back so the target ranks among the rest.
    const selfExcluded = scored.excluded?.has(targets[slot]) === true ? 1 : 0;
    ranks[slot] = atLeast[j] + selfExcluded;
  }
  return ranks;
}

/**
 * Ranks a set of distinct positives in one list: each positive ranks after every eligible
 * non-positive whose score is >= its own and after the positives with a higher score (positives
 * tied with each other take consecutive ranks). This is the position the positive would have
 * in a full ranking with ties broken against the positives.
 *
 * @param positives distinct article codes; an excluded or non-candidate positive gets Infinity.
 * @returns [positives.length] ranks aligned with `positives`.
 */
export function rankPositivesJointly(scored: ScoredCandidates, positives: ArrayLike<number>): Float64Array {
  const ranks = new Float64Array(positives.length).fill(Infinity);
  const present: { slot: number; score: number }[] = [];
  for (let i = 0; i < positives.length; i++) {
    const article = positives[i];
    const index = scored.candidates.indexOf(article);
    if (index === -1 || scored.excluded?.has(article) === true) continue;
    present.push({ slot: i, score: scored.scores[index] });
  }
  present.sort((a, b) => b.score - a.score || a.slot - b.slot);

  const sortedScores = present.map((entry) => entry.score);
  const atLeast = countScoresAtLeast(scored, sortedScores);
  for (let i = 0; i < present.length; i++) {
    // Positives with a score >= this one's: the end of its tie group in the sorted order.
    let positivesAtLeast = i + 1;
    while (positivesAtLeast < present.length && sortedScores[positivesAtLeast] >= sortedScores[i]) {
      positivesAtLeast++;
    }
    const negativesAtLeast = atLeast[i] - positivesAtLeast;
    ranks[present[i].slot] = 1 + negativesAtLeast + i;
  }
  return ranks;
}

/** Returns the number of eligible (not excluded) candidates. */
export function countEligible(scored: ScoredCandidates): number {
  const { candidates, excluded } = scored;
  if (excluded === undefined) return candidates.size;
  let count = 0;
  for (let i = 0; i < candidates.size; i++) {
    if (!excluded.has(candidates.articles[i])) count++;
  }
  return count;
}

/**
 * Counts, for each threshold, the eligible candidates scoring >= it, in one pass over the
 * candidates with a binary search per candidate: O(candidates × log thresholds).
 * Rejects NaN scores, which would otherwise rank arbitrarily.
 */
function countScoresAtLeast(scored: ScoredCandidates, thresholds: readonly number[]): Float64Array {
  const { candidates, scores, excluded } = scored;
  if (scores.length !== candidates.size) {
    throw new EvaluationError(
      'EVAL_SHAPE_MISMATCH',
      `Got ${scores.length} scores for ${candidates.size} candidates; pass exactly one score per candidate.`,
      { scores: scores.length, candidates: candidates.size },
    );
  }

  // Sort descending; order[j] maps a sorted position back to the caller's threshold index.
  const order = thresholds.map((_, j) => j).sort((a, b) => thresholds[b] - thresholds[a]);
  const sorted = order.map((j) => thresholds[j]);
  const firstReached = new Float64Array(sorted.length + 1);

  for (let c = 0; c < candidates.size; c++) {
    const score = scores[c];
    if (Number.isNaN(score)) {
      throw new EvaluationError(
        'EVAL_NAN_SCORE',
        `Score of candidate article ${candidates.articles[c]} is NaN; the model must write a number ` +
          '(use -Infinity for articles it cannot score).',
        { article: candidates.articles[c], position: c },
      );
    }
    if (excluded !== undefined && excluded.has(candidates.articles[c])) continue;

    // First sorted position whose threshold is <= score: this candidate counts there and for every lower threshold.
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle] <= score) high = middle;
      else low = middle + 1;
    }
    firstReached[low]++;
  }

  const counts = new Float64Array(thresholds.length);
  let running = 0;
  for (let position = 0; position < sorted.length; position++) {
    running += firstReached[position];
    counts[order[position]] = running;
  }
  return counts;
}
