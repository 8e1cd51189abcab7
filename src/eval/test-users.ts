import type { InteractionTable } from '../data/types.js';
import { isPositiveRow } from './positives.js';
import { Rng } from '../tensor/random.js';

/** One evaluation query: a test user, when they ask, what they read before and after the cutoff. */
export interface TestUser {
  /** User code in the shared dictionary. */
  user: number;
  /** Request time in ms since the epoch: the user's first positive test interaction. */
  requestTime: number;
  /** Article codes of the user's positive training interactions, oldest first, repeats kept. */
  history: Int32Array;
  /** Article code of each positive test interaction, in time order, repeats kept. */
  testArticles: Int32Array;
}

/**
 * Groups the positive rows into test users: every user with at least one positive test
 * interaction and at least `minHistory` positive training interactions, by user code ascending.
 * Training rows are all before the cutoff, so each history holds only what the user read
 * before the request.
 */
export function buildTestUsers(train: InteractionTable, test: InteractionTable, minHistory = 0): TestUser[] {
  const testRows = groupPositiveRowsByUser(test);
  const trainRows = groupPositiveRowsByUser(train);

  const users: TestUser[] = [];
  for (const [user, rows] of [...testRows.entries()].sort((a, b) => a[0] - b[0])) {
    const historyRows = trainRows.get(user) ?? [];
    if (historyRows.length < minHistory) continue;
    users.push({
      user,
      requestTime: test.timestamp[rows[0]],
      history: Int32Array.from(historyRows, (row) => train.article[row]),
      testArticles: Int32Array.from(rows, (row) => test.article[row]),
    });
  }
  return users;
}

/**
 * Returns at most `maxUsers` test users drawn uniformly without replacement from `seed`, in
 * user-code order so that results do not depend on the draw order. All users when maxUsers is
 * undefined or not smaller than the count.
 */
export function sampleTestUsers(users: readonly TestUser[], maxUsers: number | undefined, seed: number): TestUser[] {
  if (maxUsers === undefined || maxUsers >= users.length) return [...users];
  const shuffled = new Rng(seed).shuffle(Int32Array.from(users, (_, index) => index));
  return Array.from(shuffled.subarray(0, maxUsers).sort(), (index) => users[index]);
}

/** Positive row indices per user code, in table (time) order. */
function groupPositiveRowsByUser(table: InteractionTable): Map<number, number[]> {
  const rowsByUser = new Map<number, number[]>();
  for (let row = 0; row < table.size; row++) {
    if (!isPositiveRow(table, row)) continue;
    const user = table.user[row];
    let rows = rowsByUser.get(user);
    if (rows === undefined) {
      rows = [];
      rowsByUser.set(user, rows);
    }
    rows.push(row);
  }
  return rowsByUser;
}
