import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { EventInput } from '../../src/store/events.js';
import { Store } from '../../src/store/store.js';
import { catchStoreError, TestClock, useTempDir } from './helpers.js';

const tempDir = useTempDir('readnext-events-');
let clock: TestClock;
let store: Store;

beforeEach(() => {
  clock = new TestClock(50_000);
  store = Store.open(path.join(tempDir(), 'readnext.db'), { now: clock.now });
});

afterEach(() => {
  store.close();
});

function event(eventId: string, timestamp: number, overrides: Partial<EventInput> = {}): EventInput {
  return { eventId, userId: 'u1', articleId: 'a1', type: 'click', timestamp, ...overrides };
}

describe('events: idempotent inserts', () => {
  it('ignores a retried batch and reports the duplicates', () => {
    const batch = [event('e1', 100), event('e2', 200, { type: 'read', readTime: 42.5 })];
    expect(store.events.insertMany(batch)).toEqual({ inserted: 2, duplicateEventIds: [], conflictingEventIds: [] });

    clock.time = 60_000;
    expect(store.events.insertMany(batch)).toEqual({
      inserted: 0,
      duplicateEventIds: ['e1', 'e2'],
      conflictingEventIds: [],
    });
    expect(store.events.count()).toBe(2);
    // The retry did not touch the stored row: received_at is still the first arrival.
    expect(store.events.get('e2')).toEqual({
      eventId: 'e2',
      userId: 'u1',
      articleId: 'a1',
      type: 'read',
      timestamp: 200,
      readTime: 42.5,
      liked: null,
      receivedAt: 50_000,
    });
  });

  it('reports a reused event id with different content as a conflict', () => {
    store.events.insert(event('e1', 100));
    const result = store.events.insertMany([event('e1', 100, { articleId: 'a2' }), event('e3', 300), event('e3', 300)]);
    expect(result).toEqual({ inserted: 1, duplicateEventIds: ['e1', 'e3'], conflictingEventIds: ['e1'] });
    expect(store.events.get('e1')?.articleId).toBe('a1');
  });

  it('rejects an invalid batch without writing any of it', () => {
    const error = catchStoreError(() =>
      store.events.insertMany([event('ok', 1), event('bad', -5), event('later', 2)]),
    );
    expect(error.code).toBe('STORE_INVALID_INPUT');
    expect(error.message).toContain('event 1 (event_id "bad")');
    expect(error.message).toContain('field timestamp');
    expect(store.events.count()).toBe(0);

    const badType = catchStoreError(() => store.events.insert(event('t', 1, { type: 'purchase' as 'click' })));
    expect(badType.message).toContain('field type');
  });

  it('stores likes and dislikes as booleans', () => {
    store.events.insertMany([event('l', 1, { type: 'like', liked: true }), event('d', 2, { type: 'dislike', liked: false })]);
    expect(store.events.get('l')?.liked).toBe(true);
    expect(store.events.get('d')?.liked).toBe(false);
  });
});

describe('events: history', () => {
  it('orders by event time when events arrive out of order', () => {
    // Arrival order: 300, 100, 200 (a phone uploading a backlog after the newest event).
    store.events.insert(event('late-newest', 300));
    store.events.insert(event('oldest', 100));
    store.events.insert(event('middle', 200));
    store.events.insert(event('other-user', 150, { userId: 'u2' }));

    const history = store.events.history('u1');
    expect(history.map((e) => e.eventId)).toEqual(['oldest', 'middle', 'late-newest']);
    expect(history.map((e) => e.timestamp)).toEqual([100, 200, 300]);
    // The newest two by event time are 200 and 300; by arrival they would be 100 and 200.
    expect(store.events.history('u1', { limit: 2 }).map((e) => e.timestamp)).toEqual([200, 300]);
  });

  it('returns the most recent events, oldest first, within the limit', () => {
    for (let i = 1; i <= 10; i++) store.events.insert(event(`e${i}`, (11 - i) * 10));
    // Timestamps 100, 90, …, 10; the newest three are 80, 90, 100 (e3, e2, e1).
    expect(store.events.history('u1', { limit: 3 }).map((e) => e.eventId)).toEqual(['e3', 'e2', 'e1']);
  });

  it('filters by a time bound and by type', () => {
    store.events.insertMany([
      event('c1', 10),
      event('r1', 20, { type: 'read', readTime: 30 }),
      event('h1', 30, { type: 'hide' }),
      event('c2', 40),
    ]);
    expect(store.events.history('u1', { before: 40 }).map((e) => e.eventId)).toEqual(['c1', 'r1', 'h1']);
    expect(store.events.history('u1', { types: ['click', 'read'] }).map((e) => e.eventId)).toEqual(['c1', 'r1', 'c2']);
    expect(store.events.history('u1', { types: ['hide'], before: 30 })).toEqual([]);
    expect(store.events.history('nobody')).toEqual([]);
  });

  it('keeps arrival order for equal timestamps', () => {
    store.events.insertMany([event('first', 500), event('second', 500), event('third', 500)]);
    expect(store.events.history('u1').map((e) => e.eventId)).toEqual(['first', 'second', 'third']);
    expect(store.events.history('u1', { limit: 2 }).map((e) => e.eventId)).toEqual(['second', 'third']);
  });

  it('rejects an invalid limit', () => {
    expect(catchStoreError(() => store.events.history('u1', { limit: 0 })).message).toContain('history limit');
  });
});

describe('events: trailing-window counts', () => {
  beforeEach(() => {
    // Window (1000, 2000]: the events at 1000 and 2001 fall outside it.
    store.events.insertMany([
      event('x0', 1000, { articleId: 'a' }),
      event('x1', 1001, { articleId: 'a' }),
      event('x2', 1500, { articleId: 'a', type: 'read' }),
      event('x3', 2000, { articleId: 'b' }),
      event('x4', 1999, { articleId: 'b', userId: 'u2' }),
      event('x5', 1200, { articleId: 'c', type: 'impression' }),
      event('x6', 1300, { articleId: 'c', type: 'impression' }),
      event('x7', 1400, { articleId: 'c', type: 'impression' }),
      event('x8', 2001, { articleId: 'd' }),
    ]);
  });

  it('counts events per article by event time', () => {
    expect(store.events.trailingCounts({ now: 2000, windowMs: 1000 })).toEqual([
      { articleId: 'c', count: 3 },
      { articleId: 'a', count: 2 },
      { articleId: 'b', count: 2 },
    ]);
  });

  it('filters by type and limits the result', () => {
    expect(store.events.trailingCounts({ now: 2000, windowMs: 1000, types: ['click', 'read'] })).toEqual([
      { articleId: 'a', count: 2 },
      { articleId: 'b', count: 2 },
    ]);
    expect(store.events.trailingCounts({ now: 2000, windowMs: 1000, limit: 1 })).toEqual([{ articleId: 'c', count: 3 }]);
    // A one-millisecond window (1999, 2000] contains only x3.
    expect(store.events.trailingCounts({ now: 2000, windowMs: 1 })).toEqual([{ articleId: 'b', count: 1 }]);
  });
});
