import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { PopularityTracker } from '../../src/serve/popularity.js';
import { Store } from '../../src/store/index.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 4, 12);

describe('PopularityTracker', () => {
  let store: Store;
  beforeEach(() => {
    store = Store.open(':memory:');
    store.events.insertMany([
      { eventId: '1', userId: 'u1', articleId: 'x', type: 'read', timestamp: NOW - 0.5 * HOUR },
      { eventId: '2', userId: 'u2', articleId: 'x', type: 'click', timestamp: NOW - 1.5 * HOUR },
      { eventId: '3', userId: 'u3', articleId: 'y', type: 'share', timestamp: NOW - 2.5 * HOUR },
      { eventId: '4', userId: 'u4', articleId: 'z', type: 'read', timestamp: NOW - 9 * HOUR },
      // Impressions and dislikes are not interest.
      { eventId: '5', userId: 'u5', articleId: 'w', type: 'impression', timestamp: NOW - 0.5 * HOUR },
      { eventId: '6', userId: 'u6', articleId: 'w', type: 'dislike', timestamp: NOW - 0.5 * HOUR },
    ]);
  });
  afterEach(() => store.close());

  const settings = { halfLifeMs: HOUR, timeTermWindowMs: 2 * HOUR, refreshMs: 10_000, minRefreshMs: 0 };

  it('decays by half-life rings', () => {
    const snapshot = new PopularityTracker(store, settings).current(NOW);
    // x: 2^-0.5 (ring 0) + 2^-1.5 (ring 1) = 0.70711 + 0.35355; y: 2^-2.5 (ring 2); z is 9 h old, past 8 rings.
    expect(snapshot.trending.get('x')).toBeCloseTo(1.06066, 5);
    expect(snapshot.trending.get('y')).toBeCloseTo(0.17678, 5);
    expect(snapshot.trending.has('z')).toBe(false);
    expect(snapshot.trending.has('w')).toBe(false);
    expect(snapshot.ranked).toEqual(['x', 'y']);
  });

  it('counts the time term window', () => {
    const snapshot = new PopularityTracker(store, settings).current(NOW);
    expect(snapshot.trailingCounts.get('x')).toBe(2);
    expect(snapshot.trailingCounts.has('y')).toBe(false);
  });

  it('caches until stale or dirty', () => {
    const tracker = new PopularityTracker(store, { ...settings, minRefreshMs: 1000 });
    const first = tracker.current(NOW);
    store.events.insert({ eventId: '7', userId: 'u7', articleId: 'y', type: 'read', timestamp: NOW - 1000 });
    expect(tracker.current(NOW + 500)).toBe(first);
    tracker.markDirty();
    // Dirty, but younger than minRefreshMs: still cached.
    expect(tracker.current(NOW + 500)).toBe(first);
    const refreshed = tracker.current(NOW + 1000);
    expect(refreshed).not.toBe(first);
    expect(refreshed.trailingCounts.get('y')).toBe(1);
    // Clean and younger than refreshMs: cached again.
    expect(tracker.current(NOW + 5000)).toBe(refreshed);
    expect(tracker.current(NOW + 11_000)).not.toBe(refreshed);
  });
});
