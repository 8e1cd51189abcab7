/** The history article that contributed most to an item, by embedding similarity. */
export interface Explanation {
  articleId: string;
  /** Dot product of the history article's embedding with the item's. */
  score: number;
}

/**
 * For each item, finds the history article whose embedding has the largest dot product with the
 * item's embedding. `vectorOf` returns an article's [dimension] embedding or null when it is
 * not indexed. Returns null for an item when no history article has an embedding. Ties go to
 * the most recent history article. Cost: items × history dot products.
 */
export function explainItems(
  items: readonly string[],
  history: readonly string[],
  vectorOf: (articleId: string) => Float32Array | null,
): (Explanation | null)[] {
  const historyVectors: { articleId: string; vector: Float32Array }[] = [];
  // Newest first, so a tie keeps the most recent article.
  for (let i = history.length - 1; i >= 0; i--) {
    const vector = vectorOf(history[i]);
    if (vector !== null) historyVectors.push({ articleId: history[i], vector });
  }

  return items.map((itemId) => {
    const item = vectorOf(itemId);
    if (item === null || historyVectors.length === 0) return null;
    let best: Explanation | null = null;
    for (const { articleId, vector } of historyVectors) {
      let dot = 0;
      for (let j = 0; j < item.length; j++) dot += item[j] * vector[j];
      if (best === null || dot > best.score) best = { articleId, score: dot };
    }
    return best;
  });
}
