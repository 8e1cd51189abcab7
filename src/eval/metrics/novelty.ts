/**
 * Novelty: the mean self-information -log2 p(article) of every recommended slot, in bits,
 * with p(article) = training interactions of the article / all training interactions.
 * Higher means the lists lean toward articles few people read.
 *
 * An article with no training interaction (new in the live setting) counts as read once, so
 * its novelty is finite and equals that of the rarest seen articles. NaN when the lists are
 * empty or the training popularity sums to zero.
 *
 * @param popularity [dictionary size] training interaction count per article code.
 */
export function novelty(lists: readonly ArrayLike<number>[], popularity: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < popularity.length; i++) total += popularity[i];
  if (total <= 0) return NaN;

  let bits = 0;
  let slots = 0;
  for (const list of lists) {
    for (let i = 0; i < list.length; i++) {
      const count = Math.max(popularity[list[i]] ?? 0, 1);
      bits -= Math.log2(count / total);
      slots++;
    }
  }
  return bits / slots;
}
