/**
 * Partial selection of the k best-scoring slots without sorting all of them: a bounded min-heap
 * whose root is the worst of the current k, so each remaining candidate costs one comparison
 * unless it beats the root. Time O(n log k) for n candidates instead of O(n log n).
 *
 * "Better" means a higher score, then a smaller id in code-unit order, the same order as
 * `compareHits`, so ties rank identically everywhere.
 */

/**
 * Returns the slots of the k best candidates, best first.
 *
 * @param scores score per slot, indexed by slot (entries of non-candidates are ignored)
 * @param candidates slots to consider, or null for slots 0 … count-1
 * @param count number of candidates (entries of `candidates` to read, or the slot range)
 * @param k number of slots to return; all candidates, ranked, when k >= count
 * @param ids id per slot, used only to break score ties
 */
export function selectTopK(
  scores: Float64Array,
  candidates: Int32Array | null,
  count: number,
  k: number,
  ids: readonly string[],
): number[] {
  const isBetter = (a: number, b: number): boolean =>
    scores[a] > scores[b] || (scores[a] === scores[b] && ids[a] < ids[b]);
  const slotAt = (i: number): number => (candidates === null ? i : candidates[i]);

  if (k <= 0 || count === 0) return [];

  if (k >= count) {
    const all = new Array<number>(count);
    for (let i = 0; i < count; i++) all[i] = slotAt(i);
    return all.sort((a, b) => (isBetter(a, b) ? -1 : isBetter(b, a) ? 1 : 0));
  }

  // Min-heap on "better": heap[0] is the worst slot among the best k seen so far.
  const heap = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    heap[i] = slotAt(i);
    siftUp(heap, i, isBetter);
  }
  for (let i = k; i < count; i++) {
    const slot = slotAt(i);
    if (isBetter(slot, heap[0])) {
      heap[0] = slot;
      siftDown(heap, k, isBetter);
    }
  }

  return Array.from(heap).sort((a, b) => (isBetter(a, b) ? -1 : isBetter(b, a) ? 1 : 0));
}

function siftUp(heap: Int32Array, index: number, isBetter: (a: number, b: number) => boolean): void {
  let child = index;
  while (child > 0) {
    const parent = (child - 1) >> 1;
    // The parent must be worse than (or equal to) the child; swap while the parent is better.
    if (!isBetter(heap[parent], heap[child])) break;
    swap(heap, parent, child);
    child = parent;
  }
}

function siftDown(heap: Int32Array, size: number, isBetter: (a: number, b: number) => boolean): void {
  let parent = 0;
  for (;;) {
    const left = 2 * parent + 1;
    if (left >= size) break;
    const right = left + 1;
    const worseChild = right < size && isBetter(heap[left], heap[right]) ? right : left;
    if (!isBetter(heap[parent], heap[worseChild])) break;
    swap(heap, parent, worseChild);
    parent = worseChild;
  }
}

function swap(heap: Int32Array, i: number, j: number): void {
  const slot = heap[i];
  heap[i] = heap[j];
  heap[j] = slot;
}
