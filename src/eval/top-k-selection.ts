import type { ArticleFilter } from './article-mask.js';
import type { CandidateSet } from './candidate-set.js';

/**
 * Selects the k best-scored eligible candidates without sorting them all: a size-k min-heap,
 * O(candidates × log k). This builds the recommended lists; metrics use exact ranks instead.
 *
 * Excluded candidates, -Infinity scores (articles the model cannot score) and NaN are skipped,
 * so a list can be shorter than k. Ties go to the candidate that comes first in
 * `candidates.articles`, which makes the lists deterministic.
 *
 * @param scores [candidates.size] scores aligned with `candidates.articles`.
 * @returns article codes, best first, length <= k.
 */
export function selectTopK(
  candidates: CandidateSet,
  scores: Float32Array,
  k: number,
  excluded?: ArticleFilter,
): Int32Array {
  // Heap of candidate indices; the root is the worst kept entry (lowest score, later index on ties).
  const heap = new Int32Array(Math.max(0, Math.min(k, candidates.size)));
  let heapSize = 0;
  const worse = (a: number, b: number): boolean => scores[a] < scores[b] || (scores[a] === scores[b] && a > b);

  const siftDown = (start: number): void => {
    let parent = start;
    for (;;) {
      const left = 2 * parent + 1;
      if (left >= heapSize) return;
      const right = left + 1;
      const child = right < heapSize && worse(heap[right], heap[left]) ? right : left;
      if (!worse(heap[child], heap[parent])) return;
      const swap = heap[parent];
      heap[parent] = heap[child];
      heap[child] = swap;
      parent = child;
    }
  };

  for (let c = 0; c < candidates.size && heap.length > 0; c++) {
    const score = scores[c];
    if (score === -Infinity || Number.isNaN(score)) continue;
    if (excluded !== undefined && excluded.has(candidates.articles[c])) continue;

    if (heapSize < heap.length) {
      // Sift up the new entry.
      let child = heapSize++;
      heap[child] = c;
      while (child > 0) {
        const parent = (child - 1) >> 1;
        if (!worse(heap[child], heap[parent])) break;
        const swap = heap[parent];
        heap[parent] = heap[child];
        heap[child] = swap;
        child = parent;
      }
    } else if (worse(heap[0], c)) {
      heap[0] = c;
      siftDown(0);
    }
  }

  const best = Array.from(heap.subarray(0, heapSize)).sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
  return Int32Array.from(best, (index) => candidates.articles[index]);
}
