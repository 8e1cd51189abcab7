import type { CandidateSet } from '../candidate-set.js';

/**
 * Catalogue coverage: the share of catalogue articles that appear in at least one recommended
 * list. Articles outside the catalogue are ignored. NaN for an empty catalogue.
 *
 * @param lists recommended article codes, one array per request.
 */
export function catalogueCoverage(lists: readonly ArrayLike<number>[], catalogue: CandidateSet): number {
  const recommended = new Uint8Array(catalogue.size);
  let distinct = 0;
  for (const list of lists) {
    for (let i = 0; i < list.length; i++) {
      const index = catalogue.indexOf(list[i]);
      if (index === -1 || recommended[index] === 1) continue;
      recommended[index] = 1;
      distinct++;
    }
  }
  return distinct / catalogue.size;
}
