import { describe, expect, it } from 'vitest';

import { articleAvailability, LiveCandidates, warmCandidates } from '../../src/eval/candidate-settings.js';
import { article, buildTable, HOUR, splitAt } from './fixtures.js';

// a and b are read before the cutoff (10 h); c and d only after it; e only in metadata order.
const table = buildTable([
  { user: 'u1', article: 'a', time: 1 * HOUR },
  { user: 'u1', article: 'b', time: 2 * HOUR, click: 0 },
  { user: 'u2', article: 'c', time: 11 * HOUR },
  { user: 'u2', article: 'd', time: 12 * HOUR },
  { user: 'u3', article: 'c', time: 13 * HOUR },
]);
const split = splitAt(table, 10 * HOUR);

describe('warmCandidates', () => {
  it('lists articles in any training row', () => {
    // b was shown but not clicked: still seen in training.
    expect(Array.from(warmCandidates(split.train).articles)).toEqual([0, 1]);
  });
});

describe('articleAvailability', () => {
  it('prefers the earlier of publish time and first read', () => {
    const metadata = new Map([
      // a published after its first read: the read wins (1 h).
      ['a', article('a', { publishedAt: 5 * HOUR })],
      // c published before its first read (11 h): 9 h.
      ['c', article('c', { publishedAt: 9 * HOUR })],
    ]);
    const ids = [...table.articleIds, 'e'];
    const available = articleAvailability(ids, metadata, [split.train, split.test]);
    expect(Array.from(available)).toEqual([1 * HOUR, 2 * HOUR, 9 * HOUR, 12 * HOUR, NaN]);
  });
});

describe('LiveCandidates', () => {
  const live = new LiveCandidates(Float64Array.from([1 * HOUR, 2 * HOUR, 9 * HOUR, 12 * HOUR, NaN]));

  it('returns articles available at the request time', () => {
    expect(Array.from(live.at(0).articles)).toEqual([]);
    expect(Array.from(live.at(9 * HOUR - 1).articles)).toEqual([0, 1]);
    // Inclusive: an article available exactly at the request time is a candidate.
    expect(Array.from(live.at(9 * HOUR).articles)).toEqual([0, 1, 2]);
    expect(Array.from(live.at(100 * HOUR).articles)).toEqual([0, 1, 2, 3]);
  });

  it('never offers articles without a time', () => {
    expect(live.at(100 * HOUR).indexOf(4)).toBe(-1);
  });
});
