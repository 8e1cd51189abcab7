import type { Rng } from '../../tensor/random.js';
import { logNormal, weightedIndex } from './sampling.js';
import { DEMO_CATEGORIES, categoryIndex } from './topics.js';
import { FIRST_NAMES, LAST_NAMES } from './words.js';

export interface DemoAuthor {
  /** Full name, unique among the generated authors; the article `author` column. */
  name: string;
  /** One or two indices into DEMO_CATEGORIES that this author writes about. */
  homeCategories: number[];
  /** Relative posting rate (log-normal, median 1). */
  productivity: number;
  /** Multiplier on the popularity of this author's articles (log-normal, median 1). */
  appeal: number;
}

/**
 * Creates `count` authors. The first authors cover every category once, so each category has at
 * least one home author when `count` >= the number of categories. About half of the authors
 * also write in a second category, usually a related one.
 */
export function generateAuthors(rng: Rng, count: number): DemoAuthor[] {
  const publishingShares = DEMO_CATEGORIES.map((category) => category.publishingShare);
  const usedNames = new Set<string>();
  const authors: DemoAuthor[] = [];

  for (let i = 0; i < count; i++) {
    const first = i < DEMO_CATEGORIES.length ? i : weightedIndex(rng, publishingShares);
    const homeCategories = [first];
    if (rng.nextFloat() < 0.5) {
      const related = DEMO_CATEGORIES[first].related;
      const second =
        rng.nextFloat() < 0.7
          ? categoryIndex(related[rng.nextInt(related.length)])
          : weightedIndex(rng, publishingShares);
      if (second !== first) homeCategories.push(second);
    }

    authors.push({
      name: uniqueName(rng, usedNames),
      homeCategories,
      productivity: logNormal(rng, 0, 0.8),
      appeal: logNormal(rng, 0, 0.4),
    });
  }
  return authors;
}

function uniqueName(rng: Rng, usedNames: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const first = FIRST_NAMES[rng.nextInt(FIRST_NAMES.length)];
    const last = LAST_NAMES[rng.nextInt(LAST_NAMES.length)];
    // After 50 collisions in a row, which happens only when most of the 1,440 name pairs are
    // taken, a middle initial keeps names unique.
    const middle = attempt < 50 ? '' : ` ${String.fromCharCode(65 + rng.nextInt(26))}.`;
    const name = `${first}${middle} ${last}`;
    if (!usedNames.has(name)) {
      usedNames.add(name);
      return name;
    }
  }
}
