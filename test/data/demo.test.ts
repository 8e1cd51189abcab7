import { beforeAll, describe, expect, it } from 'vitest';

import { DEMO_CATEGORIES, DemoDataError, generateDemo } from '../../src/data/demo/index.js';
import type { Dataset } from '../../src/data/types.js';
import { Rng } from '../../src/tensor/random.js';

const DAY_MS = 86_400_000;

function expectSameDataset(a: Dataset, b: Dataset): void {
  const x = a.interactions;
  const y = b.interactions;
  expect(y.size).toBe(x.size);
  expect(y.userIds).toEqual(x.userIds);
  expect(y.articleIds).toEqual(x.articleIds);
  for (const column of ['user', 'article', 'timestamp', 'click', 'readTime', 'like'] as const) {
    expect(Buffer.from(y[column].buffer).equals(Buffer.from(x[column].buffer)), column).toBe(true);
  }
  expect([...b.articles.values()]).toEqual([...a.articles.values()]);
  expect([...b.users.values()]).toEqual([...a.users.values()]);
  expect(b.report).toEqual(a.report);
}

/** Mean over users of the total variation distance between the category mix of the first and second half of their clicks. */
function meanCategoryShift(clicksByUser: string[][]): number {
  let total = 0;
  for (const categories of clicksByUser) {
    const half = Math.floor(categories.length / 2);
    const shares = new Map<string, number>();
    categories.forEach((category, i) => {
      const weight = i < half ? 1 / half : -1 / (categories.length - half);
      shares.set(category, (shares.get(category) ?? 0) + weight);
    });
    let distance = 0;
    for (const share of shares.values()) distance += Math.abs(share);
    total += distance / 2;
  }
  return total / clicksByUser.length;
}

describe('generateDemo', () => {
  let demo: Dataset;
  beforeAll(() => {
    demo = generateDemo({ scale: 'small', seed: 42 });
  });

  it('is deterministic for a seed', () => {
    expectSameDataset(generateDemo({ scale: 'small', seed: 42 }), demo);
  });

  it('differs between seeds', () => {
    const other = generateDemo({ scale: 'small', seed: 43 });
    expect(other.interactions.size).not.toBe(demo.interactions.size);
    expect(other.articles.get('a00001')?.title).not.toBe(demo.articles.get('a00001')?.title);
  });

  it('defaults to small scale and seed 42', () => {
    expectSameDataset(generateDemo(), demo);
    expect(demo.name).toBe('demo-small');
  });

  it('has the small-scale size', () => {
    const table = demo.interactions;
    expect(demo.articles.size).toBe(600);
    expect(table.articleIds.length).toBe(600);
    expect(table.userIds.length).toBeGreaterThan(2_900);
    expect(table.userIds.length).toBeLessThanOrEqual(3_000);
    expect(table.size).toBeGreaterThan(54_000);
    expect(table.size).toBeLessThan(66_000);
    expect(demo.users.size).toBeGreaterThan(2_300);
    expect(demo.users.size).toBeLessThan(2_800);
  });

  it('keeps rows sorted within 2024', () => {
    const { timestamp, size } = demo.interactions;
    let unsorted = 0;
    for (let row = 1; row < size; row++) if (timestamp[row] < timestamp[row - 1]) unsorted++;
    expect(unsorted).toBe(0);
    expect(timestamp[0]).toBeGreaterThanOrEqual(Date.UTC(2024, 0, 1));
    expect(timestamp[size - 1]).toBeLessThan(Date.UTC(2025, 0, 1));
    expect(timestamp.every((time) => time % 1000 === 0)).toBe(true);
  });

  it('interns codes in order of first appearance', () => {
    const table = demo.interactions;
    let nextUser = 0;
    let nextArticle = 0;
    let outOfOrder = 0;
    for (let row = 0; row < table.size; row++) {
      if (table.user[row] === nextUser) nextUser++;
      else if (table.user[row] > nextUser) outOfOrder++;
      if (table.article[row] === nextArticle) nextArticle++;
      else if (table.article[row] > nextArticle) outOfOrder++;
    }
    expect(outOfOrder).toBe(0);
    // Ids without rows come after the others: unread articles, and registered users whose only
    // sessions came before the first publication.
    expect(nextArticle).toBeLessThanOrEqual(table.articleIds.length);
    expect(nextUser).toBeGreaterThan(table.userIds.length - 10);
    for (const userId of table.userIds.slice(nextUser)) expect(demo.users.has(userId)).toBe(true);
    expect(new Set(table.articleIds).size).toBe(table.articleIds.length);
  });

  it('never reads an article before it is published', () => {
    const table = demo.interactions;
    const published = table.articleIds.map((id) => demo.articles.get(id)?.publishedAt ?? NaN);
    let early = 0;
    for (let row = 0; row < table.size; row++) if (!(table.timestamp[row] >= published[table.article[row]])) early++;
    expect(early).toBe(0);
  });

  it('has plausible read times and likes', () => {
    const table = demo.interactions;
    let clicks = 0;
    let likes = 0;
    let likedReadTime = 0;
    let otherReadTime = 0;
    const violations = { negativeOrNaN: 0, unclickedWithTime: 0, unclickedLiked: 0, tooShort: 0, tooLong: 0 };

    for (let row = 0; row < table.size; row++) {
      const readTime = table.readTime[row];
      if (!(readTime >= 0)) violations.negativeOrNaN++;
      if (table.click[row] === 0) {
        if (readTime !== 0) violations.unclickedWithTime++;
        if (table.like[row] !== 0) violations.unclickedLiked++;
        continue;
      }
      clicks++;
      if (readTime < 2) violations.tooShort++;
      // A full read of the longest generated text (about 500 words at 4 words/s) is ~125 s;
      // log-normal noise allows some re-reading, never ten minutes.
      if (readTime >= 600) violations.tooLong++;
      if (table.like[row] === 1) {
        likes++;
        likedReadTime += readTime;
      } else {
        otherReadTime += readTime;
      }
    }

    expect(violations).toEqual({ negativeOrNaN: 0, unclickedWithTime: 0, unclickedLiked: 0, tooShort: 0, tooLong: 0 });
    expect(clicks / table.size).toBeGreaterThan(0.5);
    expect(likes).toBeGreaterThan(0);
    expect(likes / clicks).toBeLessThan(0.15);
    // Likes follow long reads.
    expect(likedReadTime / likes).toBeGreaterThan((1.3 * otherReadTime) / (clicks - likes));
  });

  it('concentrates clicks on a Zipf head', () => {
    const table = demo.interactions;
    const clicks = new Float64Array(table.articleIds.length);
    let total = 0;
    for (let row = 0; row < table.size; row++) {
      if (table.click[row] !== 1) continue;
      clicks[table.article[row]]++;
      total++;
    }
    const sorted = Array.from(clicks).sort((a, b) => b - a);
    const share = (fraction: number) => sorted.slice(0, Math.ceil(sorted.length * fraction)).reduce((a, b) => a + b, 0) / total;
    // Uniform popularity would give the top 1% (6 articles) 1% of clicks and the top 10% 10%.
    expect(share(0.01)).toBeGreaterThan(0.08);
    expect(share(0.1)).toBeGreaterThan(0.35);
  });

  it('sends most clicks to recent articles', () => {
    const table = demo.interactions;
    const published = table.articleIds.map((id) => demo.articles.get(id)!.publishedAt!);
    let clicks = 0;
    let fresh = 0;
    for (let row = 0; row < table.size; row++) {
      if (table.click[row] !== 1) continue;
      clicks++;
      if (table.timestamp[row] - published[table.article[row]] < 7 * DAY_MS) fresh++;
    }
    // 600 articles over 366 days: a reader choosing uniformly among published articles would
    // put about 10% of clicks on articles younger than a week (7 / age of the catalogue, averaged).
    expect(fresh / clicks).toBeGreaterThan(0.5);
  });

  it('clicks more inside preferred topics', () => {
    const table = demo.interactions;
    const categoryOf = table.articleIds.map((id) => demo.articles.get(id)!.category);
    const shown = [0, 0];
    const clicked = [0, 0];
    for (let row = 0; row < table.size; row++) {
      const user = demo.users.get(table.userIds[table.user[row]]);
      if (!user || user.preferredTopics.length === 0) continue;
      const inside = user.preferredTopics.includes(categoryOf[table.article[row]]!) ? 1 : 0;
      shown[inside]++;
      clicked[inside] += table.click[row];
    }
    const insideRate = clicked[1] / shown[1];
    const outsideRate = clicked[0] / shown[0];
    expect(insideRate).toBeGreaterThan(0.75);
    expect(outsideRate).toBeLessThan(0.6);
  });

  it('shows interest drift', () => {
    // Users whose interests drift read a different mix of categories late in their history.
    // Shuffling each user's clicks in time removes drift but keeps their overall mix, so the
    // shift between halves must exceed the shuffled baseline (measured 0.42 vs 0.34 for seed 42).
    const table = demo.interactions;
    const byUser = new Map<number, string[]>();
    for (let row = 0; row < table.size; row++) {
      if (table.click[row] !== 1) continue;
      const category = demo.articles.get(table.articleIds[table.article[row]])!.category!;
      const list = byUser.get(table.user[row]) ?? [];
      list.push(category);
      byUser.set(table.user[row], list);
    }
    const active = [...byUser.values()].filter((list) => list.length >= 20);
    expect(active.length).toBeGreaterThan(300);
    const rng = new Rng(7);
    const shuffled = active.map((list) => rng.shuffle(list.slice()));
    expect(meanCategoryShift(active)).toBeGreaterThan(meanCategoryShift(shuffled) + 0.04);
  });

  it('writes complete article metadata', () => {
    const names = DEMO_CATEGORIES.map((category) => category.name);
    expect(names.length).toBe(12);
    const used = new Set<string>();
    let previous = -Infinity;
    for (const article of demo.articles.values()) {
      expect(article.articleId).toMatch(/^a\d{5}$/);
      expect(article.title.length).toBeGreaterThan(5);
      expect(article.text.split('\n\n').length).toBeGreaterThanOrEqual(4);
      expect(names).toContain(article.category);
      expect(article.tags.length).toBeGreaterThanOrEqual(2);
      expect(article.tags.length).toBeLessThanOrEqual(5);
      for (const tag of article.tags) expect(tag).toMatch(/^[\p{Ll}\p{N}]+(-[\p{Ll}\p{N}]+)*$/u);
      expect(article.author).toMatch(/^\S+ .*\S$/);
      expect(article.publishedAt! >= previous).toBe(true);
      previous = article.publishedAt!;
      used.add(article.category!);
    }
    expect(used.size).toBe(12);
  });

  it('puts topic words in the text', () => {
    // The text feature needs signal: every article mentions a term of its own category.
    let mentions = 0;
    for (const article of demo.articles.values()) {
      const terms = DEMO_CATEGORIES.find((category) => category.name === article.category)!.terms;
      if (terms.some((term) => article.text.includes(term))) mentions++;
    }
    expect(mentions).toBe(demo.articles.size);
  });

  it('has profiles for some users', () => {
    const names = new Set(DEMO_CATEGORIES.map((category) => category.name));
    let withTopics = 0;
    for (const user of demo.users.values()) {
      expect(Number.isFinite(user.signupDate)).toBe(true);
      expect(user.signupDate!).toBeLessThan(Date.UTC(2025, 0, 1));
      for (const topic of user.preferredTopics) expect(names.has(topic)).toBe(true);
      if (user.preferredTopics.length > 0) withTopics++;
    }
    expect(withTopics / demo.users.size).toBeGreaterThan(0.25);
    expect(withTopics / demo.users.size).toBeLessThan(0.45);
  });

  it('reports anonymous visitors', () => {
    const table = demo.interactions;
    let anonymousRows = 0;
    for (let row = 0; row < table.size; row++) if (!demo.users.has(table.userIds[table.user[row]])) anonymousRows++;
    expect(anonymousRows).toBeGreaterThan(0);
    expect(demo.report.interactionsWithUnknownUser).toBe(anonymousRows);
    expect(demo.report.interactionsWithUnknownArticle).toBe(0);
    expect(demo.report.tables.map((table) => [table.file, table.accepted])).toEqual([
      ['interactions.csv', table.size],
      ['articles.csv', 600],
      ['users.csv', demo.users.size],
    ]);
  });

  it('rejects invalid options', () => {
    for (const options of [{ scale: 'huge' }, { seed: -1 }, { seed: 1.5 }, { seed: 2 ** 32 }, { extra: true }]) {
      let error: unknown;
      try {
        generateDemo(options as never);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(DemoDataError);
      expect((error as DemoDataError).code).toBe('DEMO_INVALID_OPTIONS');
      expect((error as DemoDataError).message).toContain(JSON.stringify(options));
    }
  });
});

describe('generateDemo at seed scale', () => {
  it('matches the benchmark reference size', () => {
    const seed = generateDemo({ scale: 'seed', seed: 42 });
    expect(seed.name).toBe('demo-seed');
    expect(seed.articles.size).toBe(6_200);
    expect(seed.interactions.userIds.length).toBeGreaterThan(118_000);
    expect(seed.interactions.userIds.length).toBeLessThanOrEqual(120_000);
    expect(seed.interactions.size).toBeGreaterThan(950_000);
    expect(seed.interactions.size).toBeLessThan(1_050_000);
  });
});
