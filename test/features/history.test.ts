import { describe, expect, it } from 'vitest';

import { generateDemo } from '../../src/data/demo/index.js';
import { FeatureError } from '../../src/features/errors.js';
import { buildHistories, buildLeaveOneOutHistories, historyBefore } from '../../src/features/history.js';
import { Rng } from '../../src/tensor/random.js';
import { type RowSpec, makeTable } from './table-fixture.js';

// u1 reads a2 and a3 at the same instant (20), is shown a4 without clicking (30), and u2's
// rows interleave. With N = 2 the expected histories are worked out per row below.
const rows: RowSpec[] = [
  { user: 'u1', article: 'a1', time: 10 },
  { user: 'u2', article: 'a2', time: 10 },
  { user: 'u1', article: 'a2', time: 20 },
  { user: 'u1', article: 'a3', time: 20 },
  { user: 'u1', article: 'a4', time: 30, click: 0 },
  { user: 'u1', article: 'a5', time: 40 },
  { user: 'u2', article: 'a1', time: 40 },
  { user: 'u1', article: 'a6', time: 50 },
];

/** History of each row as raw article ids, from the flat buffer. */
function historyIds(table: ReturnType<typeof makeTable>, n: number, skipUnclicked = true): string[][] {
  const histories = buildHistories(table, { length: n, skipUnclicked });
  return Array.from({ length: table.size }, (_, row) => {
    const ids: string[] = [];
    for (let k = 0; k < n; k++) {
      const code = histories.items[row * n + k];
      if (k < histories.lengths[row]) ids.push(table.articleIds[code]);
      else expect(code).toBe(-1);
    }
    return ids;
  });
}

describe('buildHistories', () => {
  it('contains only strictly earlier events', () => {
    expect(historyIds(makeTable(rows), 2)).toEqual([
      [], // u1 @10: nothing before
      [], // u2 @10: u1's row at the same time belongs to another user anyway
      ['a1'], // u1 @20: a1 only; a3 shares the timestamp
      ['a1'], // u1 @20: a2 shares the timestamp, so it is not history
      ['a2', 'a3'], // u1 @30: last two of a1, a2, a3, oldest first
      ['a2', 'a3'], // u1 @40: a4 was shown but not clicked
      ['a2'], // u2 @40
      ['a3', 'a5'], // u1 @50
    ]);
  });

  it('includes unclicked rows when asked', () => {
    const ids = historyIds(makeTable(rows), 2, false);
    expect(ids[5]).toEqual(['a3', 'a4']);
    expect(ids[7]).toEqual(['a4', 'a5']);
  });

  it('indexes unsorted input by row', () => {
    const permutation = [7, 2, 5, 0, 6, 3, 1, 4];
    const shuffled = makeTable(permutation.map((i) => rows[i]));
    const sortedIds = historyIds(makeTable(rows), 2);
    const shuffledIds = historyIds(shuffled, 2);
    permutation.forEach((original, position) => expect(shuffledIds[position]).toEqual(sortedIds[original]));
  });

  it('reports lengths and padding', () => {
    const histories = buildHistories(makeTable(rows), { length: 3 });
    expect(histories.length).toBe(3);
    expect(Array.from(histories.lengths)).toEqual([0, 0, 1, 1, 3, 3, 1, 3]);
    expect(histories.items.length).toBe(rows.length * 3);
    // Row 2 (u1 @20): a1 is code 0, then two padding slots.
    expect(Array.from(histories.items.subarray(6, 9))).toEqual([0, -1, -1]);
  });

  it('rejects a length below one', () => {
    expect(() => buildHistories(makeTable(rows), { length: 0 })).toThrow(FeatureError);
    expect(() => buildHistories(makeTable(rows), { length: 2.5 })).toThrow(FeatureError);
  });

  it('agrees with historyBefore on generated data', () => {
    const { interactions } = generateDemo({ scale: 'small', seed: 5 });
    const n = 8;
    const histories = buildHistories(interactions, { length: n });
    const rng = new Rng(11);
    for (let sample = 0; sample < 300; sample++) {
      const row = rng.nextInt(interactions.size);
      const expected = historyBefore(interactions, interactions.user[row], interactions.timestamp[row], n);
      const actual = histories.items.subarray(row * n, row * n + histories.lengths[row]);
      expect(Array.from(actual)).toEqual(Array.from(expected));
    }
  });
});

describe('buildLeaveOneOutHistories', () => {
  const ids = (n: number, skipUnclicked = true): string[][] => {
    const table = makeTable(rows);
    const histories = buildLeaveOneOutHistories(table, { length: n, skipUnclicked });
    return Array.from({ length: table.size }, (_, row) =>
      Array.from(histories.items.subarray(row * n, row * n + histories.lengths[row]), (code) => table.articleIds[code]),
    );
  };

  it('gives the latest events except the row', () => {
    // u1's clicks in time order: a1, a2, a3 (a2 and a3 tie at 20, row order kept), a5, a6.
    expect(ids(2)).toEqual([
      ['a5', 'a6'], // u1 @10: a1 is not among the last two
      ['a1'], // u2 @10: u2's other click
      ['a5', 'a6'],
      ['a5', 'a6'],
      ['a5', 'a6'], // u1 @30: a4 was not clicked, so it is no event and no history
      ['a3', 'a6'], // u1 @40: its own a5 left out, so a3 moves in
      ['a2'], // u2 @40
      ['a3', 'a5'], // u1 @50: its own a6 left out
    ]);
  });

  it('counts unclicked rows when asked', () => {
    expect(ids(2, false)[5]).toEqual(['a4', 'a6']);
  });

  it('pads short histories', () => {
    const histories = buildLeaveOneOutHistories(makeTable(rows), { length: 4 });
    expect(Array.from(histories.lengths)).toEqual([4, 1, 4, 4, 4, 4, 1, 4]);
    // u2 @10: a1 (code 0), then three padding slots.
    expect(Array.from(histories.items.subarray(4, 8))).toEqual([0, -1, -1, -1]);
  });

  it('rejects a length below one', () => {
    expect(() => buildLeaveOneOutHistories(makeTable(rows), { length: 0 })).toThrow(FeatureError);
  });
});

describe('historyBefore', () => {
  const table = makeTable(rows);
  const u1 = table.userIds.indexOf('u1');
  const ids = (codes: Int32Array) => Array.from(codes, (code) => table.articleIds[code]);

  it('returns the last events oldest first', () => {
    expect(ids(historyBefore(table, u1, 40, 3))).toEqual(['a1', 'a2', 'a3']);
    expect(ids(historyBefore(table, u1, 1000, 10))).toEqual(['a1', 'a2', 'a3', 'a5', 'a6']);
    expect(ids(historyBefore(table, u1, 1000, 10, { skipUnclicked: false }))).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
  });

  it('excludes events at the request time', () => {
    expect(ids(historyBefore(table, u1, 20, 5))).toEqual(['a1']);
    expect(ids(historyBefore(table, u1, 10, 5))).toEqual([]);
  });

  it('returns nothing for an unknown user code', () => {
    expect(historyBefore(table, 99, 1000, 5).length).toBe(0);
  });

  it('works on unsorted tables', () => {
    const shuffled = makeTable([rows[7], rows[2], rows[5], rows[0], rows[6], rows[3], rows[1], rows[4]]);
    const user = shuffled.userIds.indexOf('u1');
    const result = Array.from(historyBefore(shuffled, user, 45, 3), (code) => shuffled.articleIds[code]);
    expect(result).toEqual(['a2', 'a3', 'a5']);
  });
});
