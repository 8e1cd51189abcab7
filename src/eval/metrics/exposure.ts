import type { CandidateSet } from '../candidate-set.js';

export interface ExposureGroup {
  /** Category or author; null groups the articles where it is unknown. */
  value: string | null;
  /** Share of recommended slots that went to articles of this group. */
  exposureShare: number;
  /** Share of catalogue articles in this group. */
  catalogueShare: number;
}

export interface ExposureShares {
  /** The `limit` groups with the largest exposure share (then catalogue share), largest first. */
  groups: ExposureGroup[];
  /** The groups beyond `limit`, summed. */
  other: { groups: number; exposureShare: number; catalogueShare: number };
  /** Total variation distance between the two distributions over all groups: ½ Σ |exposure - catalogue|. 0 = exposure mirrors the catalogue. */
  totalVariation: number;
}

/**
 * Compares how recommended slots spread over groups (categories, authors) with how the
 * catalogue's articles spread over them. Slots holding articles outside the catalogue are
 * ignored. Shares are NaN when there are no slots or the catalogue is empty.
 *
 * @param groupOf group of an article code, or null when unknown.
 * @param limit number of groups to list individually.
 */
export function exposureShares(
  lists: readonly ArrayLike<number>[],
  catalogue: CandidateSet,
  groupOf: (article: number) => string | null,
  limit = 20,
): ExposureShares {
  const catalogueCounts = new Map<string | null, number>();
  for (const article of catalogue.articles) {
    const group = groupOf(article);
    catalogueCounts.set(group, (catalogueCounts.get(group) ?? 0) + 1);
  }

  const exposureCounts = new Map<string | null, number>();
  let slots = 0;
  for (const list of lists) {
    for (let i = 0; i < list.length; i++) {
      if (catalogue.indexOf(list[i]) === -1) continue;
      const group = groupOf(list[i]);
      exposureCounts.set(group, (exposureCounts.get(group) ?? 0) + 1);
      slots++;
    }
  }

  const all: ExposureGroup[] = [...catalogueCounts.keys()].map((value) => ({
    value,
    exposureShare: (exposureCounts.get(value) ?? 0) / slots,
    catalogueShare: (catalogueCounts.get(value) ?? 0) / catalogue.size,
  }));
  all.sort(
    (a, b) =>
      b.exposureShare - a.exposureShare ||
      b.catalogueShare - a.catalogueShare ||
      String(a.value).localeCompare(String(b.value)),
  );

  let totalVariation = 0;
  for (const group of all) totalVariation += Math.abs(group.exposureShare - group.catalogueShare);

  const rest = all.slice(limit);
  return {
    groups: all.slice(0, limit),
    other: {
      groups: rest.length,
      exposureShare: rest.reduce((sum, group) => sum + group.exposureShare, 0),
      catalogueShare: rest.reduce((sum, group) => sum + group.catalogueShare, 0),
    },
    totalVariation: totalVariation / 2,
  };
}
