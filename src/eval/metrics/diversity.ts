export interface IntraListDiversity {
  /** Mean over the lists counted of the share of article pairs with different categories; NaN when none counted. */
  value: number;
  /** Lists with at least one pair of articles whose categories are both known. */
  lists: number;
}

/**
 * Intra-list diversity by category: for each list, the share of unordered article pairs whose
 * categories differ, averaged over lists. Pairs with an unknown category (null) are left out,
 * and so is a list with no pair left; a one-article list has no pair.
 *
 * @param categoryOf category of an article code, or null when unknown.
 */
export function intraListDiversity(
  lists: readonly ArrayLike<number>[],
  categoryOf: (article: number) => string | null,
): IntraListDiversity {
  let sum = 0;
  let counted = 0;
  for (const list of lists) {
    const categories: string[] = [];
    for (let i = 0; i < list.length; i++) {
      const category = categoryOf(list[i]);
      if (category !== null) categories.push(category);
    }

    let pairs = 0;
    let differing = 0;
    for (let i = 0; i < categories.length; i++) {
      for (let j = i + 1; j < categories.length; j++) {
        pairs++;
        if (categories[i] !== categories[j]) differing++;
      }
    }
    if (pairs === 0) continue;
    sum += differing / pairs;
    counted++;
  }
  return { value: sum / counted, lists: counted };
}
