/**
 * Unique candidates of a batch. An in-batch softmax scores every query against the batch's
 * positives, and a popular article is often several of them. Scoring each distinct article
 * once (U columns instead of B) gives the same loss when each column is weighted by its
 * multiplicity, as in-batch-softmax.ts does.
 */
export interface BatchCandidates {
  /** [U] distinct candidate ids, in order of first appearance. */
  ids: Int32Array;
  /** [B] column in `ids` of each row's positive. */
  positives: Int32Array;
}

/** Deduplicates `candidateIds` [B] (each row's positive article id). */
export function uniqueCandidates(candidateIds: Int32Array): BatchCandidates {
  const columnOf = new Map<number, number>();
  const positives = new Int32Array(candidateIds.length);
  const ids: number[] = [];
  for (let i = 0; i < candidateIds.length; i++) {
    const id = candidateIds[i];
    let column = columnOf.get(id);
    if (column === undefined) {
      column = ids.length;
      columnOf.set(id, column);
      ids.push(id);
    }
    positives[i] = column;
  }
  return { ids: Int32Array.from(ids), positives };
}
