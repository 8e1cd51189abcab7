import type { CandidateSet } from '../candidate-set.js';

/** Default number of popularity buckets (deciles). */
export const DEFAULT_POPULARITY_BUCKETS = 10;

/** One slice of the catalogue, by training popularity. */
export interface PopularityBucket {
  /** 1 = least-read slice of the catalogue, `buckets` = most-read. */
  bucket: number;
  /** Catalogue articles in the bucket. */
  articles: number;
  /** Share of the catalogue's training interactions that fall on these articles. */
  interactionShare: number;
  /** Share of recommended slots (catalogue articles only) that went to these articles. */
  exposureShare: number;
}

/**
 * Splits the catalogue into `buckets` slices of (nearly) equal article count by training
 * popularity, least read first (ties by lower code first), and compares each slice's share of
 * training interactions with its share of recommended slots. An unbiased recommender's exposure
 * follows the interaction shares; a popularity recommender puts every slot in the last bucket.
 *
 * Slots outside the catalogue are ignored. Shares are NaN when there are no slots or no
 * training interactions. With fewer articles than buckets, the empty buckets are left out.
 *
 * @param popularity [dictionary size] positive training interactions per article code.
 */
export function exposureByPopularity(
  lists: readonly ArrayLike<number>[],
  catalogue: CandidateSet,
  popularity: ArrayLike<number>,
  buckets: number = DEFAULT_POPULARITY_BUCKETS,
): PopularityBucket[] {
  if (!Number.isInteger(buckets) || buckets < 1) throw new RangeError(`Popularity bucket count ${buckets} is invalid; use an integer >= 1.`);

  const order = Array.from(catalogue.articles).sort((a, b) => (popularity[a] ?? 0) - (popularity[b] ?? 0) || a - b);
  // [catalogue position] bucket index (0-based) of each catalogue article.
  const bucketOf = new Int32Array(catalogue.size);
  const result: PopularityBucket[] = Array.from({ length: buckets }, (_, index) => ({
    bucket: index + 1,
    articles: 0,
    interactionShare: 0,
    exposureShare: 0,
  }));
  let interactions = 0;
  order.forEach((article, rank) => {
    const index = Math.floor((rank * buckets) / order.length);
    bucketOf[catalogue.indexOf(article)] = index;
    result[index].articles++;
    result[index].interactionShare += popularity[article] ?? 0;
    interactions += popularity[article] ?? 0;
  });

  let slots = 0;
  for (const list of lists) {
    for (let i = 0; i < list.length; i++) {
      const position = catalogue.indexOf(list[i]);
      if (position === -1) continue;
      result[bucketOf[position]].exposureShare++;
      slots++;
    }
  }

  for (const bucket of result) {
    bucket.interactionShare /= interactions;
    bucket.exposureShare /= slots;
  }
  return result.filter((bucket) => bucket.articles > 0);
}
