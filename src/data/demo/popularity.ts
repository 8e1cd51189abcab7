import type { Rng } from '../../tensor/random.js';
import type { DemoArticle } from './articles.js';
import { sampleCumulative } from './sampling.js';
import { DAY_MS, DEMO_START_MS, HOUR_MS } from './scales.js';

/** e-folding time of an article's freshness, in days: after a week a news post is mostly forgotten. */
export const FRESHNESS_DAYS = 3;

/** Age (days) after which the freshness term is dropped: exp(-30 / 3) = 4.5e-5 of its start. */
export const FRESHNESS_HORIZON_DAYS = 30;

/**
 * Time-dependent article popularity, recomputed once per simulated hour.
 *
 * The weight of article a at time t is
 *   quality[a] * (exp(-age / FRESHNESS_DAYS) + evergreen[a]),  age in days,
 * where the exp term is taken as 0 beyond FRESHNESS_HORIZON_DAYS. Only articles published
 * before the start of the hour count, so no article is read before it exists. Articles are
 * grouped by category, so a reader can first choose a category and then an article in it.
 *
 * The two terms are kept apart so an hourly update costs O(articles younger than the horizon):
 * the evergreen part never changes and only grows as articles are published. Sampling first
 * picks a term by its mass, then an article within it by binary search.
 *
 * Callers must advance the clock monotonically (sessions processed in start-time order).
 */
export class PopularityClock {
  private readonly categories: CategoryPool[];
  private readonly mass: Float64Array;
  private hour = -1;

  constructor(articles: readonly DemoArticle[], categoryCount: number) {
    // Articles arrive sorted by publication time, so each category's list is too, and the
    // articles published by any time form a prefix of it.
    const lists: DemoArticle[][] = Array.from({ length: categoryCount }, () => []);
    const indices: number[][] = Array.from({ length: categoryCount }, () => []);
    articles.forEach((article, index) => {
      lists[article.category].push(article);
      indices[article.category].push(index);
    });
    this.categories = lists.map((list, category) => new CategoryPool(list, indices[category]));
    this.mass = new Float64Array(categoryCount);
  }

  /** Recomputes the weights when `time` (ms) falls in a later hour than the last call. */
  advanceTo(time: number): void {
    const hour = Math.floor((time - DEMO_START_MS) / HOUR_MS);
    if (hour <= this.hour) return;
    this.hour = hour;

    const hourStart = DEMO_START_MS + hour * HOUR_MS;
    for (let category = 0; category < this.categories.length; category++) {
      this.mass[category] = this.categories[category].update(hourStart);
    }
  }

  /** Total weight of a category's published articles, which sets its share of front-page traffic. */
  categoryMass(category: number): number {
    return this.mass[category];
  }

  /** Draws a category in proportion to its mass; returns -1 when nothing is published yet. */
  sampleCategory(rng: Rng): number {
    let total = 0;
    for (let c = 0; c < this.mass.length; c++) total += this.mass[c];
    if (total <= 0) return -1;
    let target = rng.nextFloat() * total;
    let last = -1;
    for (let c = 0; c < this.mass.length; c++) {
      if (this.mass[c] <= 0) continue;
      last = c;
      target -= this.mass[c];
      if (target < 0) return c;
    }
    return last;
  }

  /** Draws an article index by weight within `category`; returns -1 when it has no published article. */
  sampleArticle(rng: Rng, category: number): number {
    return this.categories[category].sample(rng);
  }
}

/** The articles of one category with running sums of both weight terms. */
class CategoryPool {
  private readonly publishedAt: Float64Array;
  private readonly quality: Float64Array;
  /** Running sum of quality * evergreen over the published prefix (append-only). */
  private readonly evergreenSums: Float64Array;
  /** Running sum of quality * freshness over [freshFrom, published). */
  private readonly freshSums: Float64Array;
  private published = 0;
  private freshFrom = 0;
  private freshMass = 0;

  constructor(
    private readonly articles: readonly DemoArticle[],
    private readonly articleIndices: readonly number[],
  ) {
    this.publishedAt = Float64Array.from(articles, (article) => article.publishedAt);
    this.quality = Float64Array.from(articles, (article) => article.quality);
    this.evergreenSums = new Float64Array(articles.length);
    this.freshSums = new Float64Array(articles.length);
  }

  /** Brings the pool to the hour starting at `hourStart` (ms); returns the category's total mass. */
  update(hourStart: number): number {
    while (this.published < this.articles.length && this.publishedAt[this.published] <= hourStart) {
      const i = this.published;
      const previous = i > 0 ? this.evergreenSums[i - 1] : 0;
      this.evergreenSums[i] = previous + this.quality[i] * this.articles[i].evergreen;
      this.published++;
    }

    // Weights are taken at the middle of the hour.
    const middle = hourStart + HOUR_MS / 2;
    const horizon = middle - FRESHNESS_HORIZON_DAYS * DAY_MS;
    while (this.freshFrom < this.published && this.publishedAt[this.freshFrom] < horizon) this.freshFrom++;

    let running = 0;
    for (let i = this.freshFrom; i < this.published; i++) {
      const ageDays = (middle - this.publishedAt[i]) / DAY_MS;
      running += this.quality[i] * Math.exp(-ageDays / FRESHNESS_DAYS);
      this.freshSums[i] = running;
    }
    this.freshMass = running;
    return running + this.evergreenMass();
  }

  /** Draws an article index (into the full article list) by weight; returns -1 when none is published. */
  sample(rng: Rng): number {
    const evergreenMass = this.evergreenMass();
    const total = this.freshMass + evergreenMass;
    if (this.published === 0 || total <= 0) return -1;

    if (rng.nextFloat() * total < this.freshMass) {
      return this.articleIndices[sampleCumulative(rng, this.freshSums, this.freshFrom, this.published)];
    }
    return this.articleIndices[sampleCumulative(rng, this.evergreenSums, 0, this.published)];
  }

  private evergreenMass(): number {
    return this.published > 0 ? this.evergreenSums[this.published - 1] : 0;
  }
}
