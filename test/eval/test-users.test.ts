import { describe, expect, it } from 'vitest';

import { buildTestUsers, sampleTestUsers } from '../../src/eval/test-users.js';
import { buildTable, HOUR, splitAt } from './fixtures.js';

const table = buildTable([
  { user: 'u1', article: 'a', time: 1 * HOUR },
  { user: 'u1', article: 'b', time: 2 * HOUR, click: 0 },
  { user: 'u1', article: 'c', time: 3 * HOUR, click: 1 },
  { user: 'u2', article: 'a', time: 4 * HOUR },
  { user: 'u1', article: 'd', time: 11 * HOUR },
  { user: 'u1', article: 'b', time: 12 * HOUR },
  { user: 'u1', article: 'd', time: 13 * HOUR },
  { user: 'u3', article: 'a', time: 14 * HOUR, click: 0 },
  { user: 'u4', article: 'c', time: 15 * HOUR },
]);
const split = splitAt(table, 10 * HOUR);
const code = (id: string): number => table.articleIds.indexOf(id);

describe('buildTestUsers', () => {
  it('groups positive rows per user', () => {
    const users = buildTestUsers(split.train, split.test);
    // u2 has no test rows; u3 only an unclicked impression: neither is a test user.
    expect(users.map((user) => table.userIds[user.user])).toEqual(['u1', 'u4']);

    const [u1, u4] = users;
    expect(u1.requestTime).toBe(11 * HOUR);
    // b was shown without a click in training, so it is not history.
    expect(Array.from(u1.history)).toEqual([code('a'), code('c')]);
    expect(Array.from(u1.testArticles)).toEqual([code('d'), code('b'), code('d')]);
    expect(u4.history.length).toBe(0);
  });

  it('drops users below the minimum history', () => {
    const users = buildTestUsers(split.train, split.test, 1);
    expect(users.map((user) => table.userIds[user.user])).toEqual(['u1']);
  });
});

describe('sampleTestUsers', () => {
  it('draws a seeded sample in user order', () => {
    const users = Array.from({ length: 50 }, (_, user) => ({
      user,
      requestTime: 0,
      history: new Int32Array(0),
      testArticles: new Int32Array(0),
    }));
    const first = sampleTestUsers(users, 10, 5).map((user) => user.user);
    expect(first.length).toBe(10);
    expect([...first].sort((a, b) => a - b)).toEqual(first);
    expect(sampleTestUsers(users, 10, 5).map((user) => user.user)).toEqual(first);
    expect(sampleTestUsers(users, 10, 6).map((user) => user.user)).not.toEqual(first);
    expect(sampleTestUsers(users, undefined, 5).length).toBe(50);
  });
});
