import { describe, expect, it } from 'vitest';

import type { InteractionTable } from '../../src/data/types.js';
import { TimeTerm } from '../../src/models/time-term.js';
import { TrailingPopularity } from '../../src/models/trailing-popularity.js';
import { Rng } from '../../src/tensor/random.js';
import { timeCellsByPair, timeCellsFor } from '../../src/train/batch-builder.js';
import type { TrainingData } from '../../src/train/training-data.js';

const HOUR = 3_600_000;

/**
 * Seeded events on whole hours (so many rows sit exactly on a window edge or an age-bucket
 * edge) over 40 articles with Zipf-like popularity; article 0 has an unknown publication time
 * and article 1 is published after most rows.
 */
function seededData(seed: number, events: number): TrainingData {
  const rng = new Rng(seed);
  const articles = 40;
  const article = Int32Array.from({ length: events }, () => Math.min(articles - 1, Math.floor(articles * rng.nextFloat() ** 3)));
  const timestamp = Float64Array.from({ length: events }, () => rng.nextInt(24 * 60) * HOUR);
  const publishedAt = Float64Array.from({ length: articles }, () => rng.nextInt(24 * 30) * HOUR);
  publishedAt[0] = NaN;
  publishedAt[1] = 24 * 55 * HOUR;
  return {
    train: { timestamp } as unknown as InteractionTable,
    trailing: TrailingPopularity.build(articles, article, timestamp, 24 * HOUR),
    publishedAt,
  } as TrainingData;
}

describe('timeCellsFor', () => {
  it.each([
    { seed: 1, events: 5_000, batch: 256 },
    { seed: 2, events: 60_000, batch: 1024 },
    { seed: 3, events: 300, batch: 7 },
  ])('equals the per-pair cells (seed $seed)', ({ seed, events, batch }) => {
    const data = seededData(seed, events);
    const term = new TimeTerm({ enabled: true, windowHours: 24, ageBuckets: 20, popularityBuckets: 16 });
    const rng = new Rng(seed + 100);
    const rows = Int32Array.from({ length: batch }, () => rng.nextInt(events));
    const codes = Int32Array.from({ length: 40 }, (_, code) => code);
    const expected = timeCellsByPair(data, rows, codes, term);
    expect(Array.from(timeCellsFor(data, rows, codes, term))).toEqual(Array.from(expected));
    // The fixture reaches the unknown and not-yet-published age buckets and several others.
    const ages = new Set(Array.from(expected, (cell) => Math.floor(cell / 16)));
    expect([ages.has(0), ages.has(1), ages.size >= 6]).toEqual([true, true, true]);
  });

  // Five age buckets cap at 3 hours and three popularity buckets at 3 events, so most cells are capped.
  it('equals the per-pair cells with few buckets', () => {
    const data = seededData(4, 20_000);
    const term = new TimeTerm({ enabled: true, windowHours: 24, ageBuckets: 5, popularityBuckets: 3 });
    const rows = Int32Array.from({ length: 500 }, (_, i) => (i * 37) % 20_000);
    const codes = Int32Array.of(5, 0, 1, 2, 39, 3);
    expect(Array.from(timeCellsFor(data, rows, codes, term))).toEqual(Array.from(timeCellsByPair(data, rows, codes, term)));
  });
});
