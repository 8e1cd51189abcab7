import type { Article } from '../../src/data/types.js';
import { Rng } from '../../src/tensor/random.js';
import { article, buildTable, HOUR, splitAt, type FixtureRow } from './fixtures.js';

export interface SyntheticWorld {
  split: ReturnType<typeof splitAt>;
  articles: Map<string, Article>;
}

/**
 * Builds a seeded news site with topical readers, for end-to-end quality bands.
 *
 * 3 topics × 30 articles, published uniformly over 0–190 h; within a topic, article k is read
 * with weight 1 / (k + 1). Each of 400 users has a home topic (user % 3) and reads 12 articles at
 * uniform times in 0–200 h, 85% from the home topic, never before publication and never twice.
 * The cutoff is 160 h, so articles published later exist only in the test rows.
 */
export function syntheticWorld(seed: number): SyntheticWorld {
  const random = new Rng(seed);
  const topics = 3;
  const perTopic = 30;
  const published: number[] = [];
  const articles = new Map<string, Article>();
  for (let id = 0; id < topics * perTopic; id++) {
    const publishedAt = random.nextFloat() * 190 * HOUR;
    published.push(publishedAt);
    articles.set(`n${id}`, article(`n${id}`, { category: `topic${id % topics}`, author: `author${id % 7}`, publishedAt }));
  }

  const rows: FixtureRow[] = [];
  for (let user = 0; user < 400; user++) {
    const read = new Set<number>();
    const times = Array.from({ length: 12 }, () => random.nextFloat() * 200 * HOUR).sort((a, b) => a - b);
    for (const time of times) {
      const topic = random.nextFloat() < 0.85 ? user % topics : random.nextInt(topics);
      const available: number[] = [];
      for (let k = 0; k < perTopic; k++) {
        const id = k * topics + topic;
        if (published[id] <= time && !read.has(id)) available.push(id);
      }
      if (available.length === 0) continue;
      // Weight by the article's rank k within its topic.
      const weights = available.map((id) => 1 / (Math.floor(id / topics) + 1));
      let draw = random.nextFloat() * weights.reduce((sum, weight) => sum + weight, 0);
      let pick = available[available.length - 1];
      for (let i = 0; i < available.length; i++) {
        draw -= weights[i];
        if (draw < 0) {
          pick = available[i];
          break;
        }
      }
      read.add(pick);
      rows.push({ user: `user${user}`, article: `n${pick}`, time });
    }
  }
  return { split: splitAt(buildTable(rows), 160 * HOUR), articles };
}
