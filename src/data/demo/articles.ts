import type { Rng } from '../../tensor/random.js';
import type { DemoAuthor } from './authors.js';
import { logNormal, uniform, weightedIndex } from './sampling.js';
import { DAY_MS, DEMO_END_MS, DEMO_START_MS, HOUR_MS, type DemoScaleConfig } from './scales.js';
import { type ArticleContent, writeArticleContent } from './text.js';
import { DEMO_CATEGORIES } from './topics.js';

export interface DemoArticle {
  /** `a00001`, `a00002`, ... in publishing order. */
  id: string;
  /** Index into DEMO_CATEGORIES. */
  category: number;
  /** Index into the author list. */
  author: number;
  /** Publication time in ms since the epoch, whole seconds. */
  publishedAt: number;
  /**
   * Static popularity: 1 / rank^ZIPF_EXPONENT over a random ranking of all articles, times the
   * author's appeal. Multiplied by freshness at read time.
   */
  quality: number;
  /** Freshness floor added to exp(-age / FRESHNESS_DAYS); tutorials keep being read, news does not. */
  evergreen: number;
  content: ArticleContent;
}

/** Exponent of the Zipf law over article quality ranks. */
const ZIPF_EXPONENT = 1.15;

/** Share of articles published in the first three days: the catalogue the site launched with. */
const LAUNCH_SHARE = 0.05;

/** Share of articles published in category bursts (a release or conference week). */
const BURST_SHARE = 0.12;

const BURST_DAYS = 4;

/** Weekend days get this share of a weekday's posts. */
const WEEKEND_POSTING = 0.35;

/**
 * Creates the article catalogue for one year: a launch burst, category bursts and a steady
 * weekday-heavy flow. Returns articles sorted by publication time, ids assigned in that order.
 */
export function generateArticles(rng: Rng, config: DemoScaleConfig, authors: readonly DemoAuthor[]): DemoArticle[] {
  const publishingShares = DEMO_CATEGORIES.map((category) => category.publishingShare);
  const schedule = planSchedule(rng, config, publishingShares);

  // Zipf quality over a random permutation of ranks, so quality is independent of category,
  // author and publication date.
  const ranks = rng.shuffle(Int32Array.from({ length: schedule.length }, (_, i) => i));

  const drafts = schedule.map((slot, i) => {
    const author = chooseAuthor(rng, authors, slot.category);
    return {
      category: slot.category,
      author,
      publishedAt: slot.publishedAt,
      quality: authors[author].appeal / Math.pow(ranks[i] + 1, ZIPF_EXPONENT),
      evergreen: 0.0008 * logNormal(rng, 0, 1.0),
      content: writeArticleContent(rng, slot.category),
    };
  });

  drafts.sort((a, b) => a.publishedAt - b.publishedAt);
  return drafts.map((draft, i) => ({ id: `a${String(i + 1).padStart(5, '0')}`, ...draft }));
}

interface ScheduleSlot {
  category: number;
  publishedAt: number;
}

function planSchedule(rng: Rng, config: DemoScaleConfig, publishingShares: number[]): ScheduleSlot[] {
  const slots: ScheduleSlot[] = [];
  const launchCount = Math.round(config.articles * LAUNCH_SHARE);
  const burstCount = config.bursts > 0 ? Math.round(config.articles * BURST_SHARE) : 0;
  const steadyCount = config.articles - launchCount - burstCount;

  for (let i = 0; i < launchCount; i++) {
    const day = rng.nextInt(3);
    slots.push({ category: weightedIndex(rng, publishingShares), publishedAt: postingTime(rng, day) });
  }

  // Each burst is one category over BURST_DAYS days somewhere after the launch week.
  const totalDays = Math.round((DEMO_END_MS - DEMO_START_MS) / DAY_MS);
  const bursts = Array.from({ length: config.bursts }, () => ({
    category: weightedIndex(rng, publishingShares),
    firstDay: 7 + rng.nextInt(totalDays - 7 - BURST_DAYS),
  }));
  for (let i = 0; i < burstCount; i++) {
    const burst = bursts[i % bursts.length];
    slots.push({ category: burst.category, publishedAt: postingTime(rng, burst.firstDay + rng.nextInt(BURST_DAYS)) });
  }

  for (let i = 0; i < steadyCount; i++) {
    slots.push({ category: weightedIndex(rng, publishingShares), publishedAt: postingTime(rng, steadyDay(rng, totalDays)) });
  }
  return slots;
}

/** Draws a day of the year, weekdays favoured over weekends (rejection sampling). */
function steadyDay(rng: Rng, totalDays: number): number {
  for (;;) {
    const day = rng.nextInt(totalDays);
    const weekday = new Date(DEMO_START_MS + day * DAY_MS).getUTCDay();
    const weight = weekday === 0 || weekday === 6 ? WEEKEND_POSTING : 1;
    if (rng.nextFloat() < weight) return day;
  }
}

/** Draws a posting time on `day`: office hours around 13:00 UTC, whole seconds. */
function postingTime(rng: Rng, day: number): number {
  const hour = Math.min(23.99, Math.max(0, 13 + 3.5 * rng.nextNormal()));
  const time = DEMO_START_MS + day * DAY_MS + hour * HOUR_MS + uniform(rng, 0, 60_000);
  return Math.floor(time / 1000) * 1000;
}

function chooseAuthor(rng: Rng, authors: readonly DemoAuthor[], category: number): number {
  const weights = authors.map((author) => (author.homeCategories.includes(category) ? author.productivity : 0));
  if (weights.some((weight) => weight > 0)) return weightedIndex(rng, weights);
  return weightedIndex(rng, authors.map((author) => author.productivity));
}
