import type { EventType, Store } from '../store/index.js';

/** Event types that count as a reader's interest: in histories, trending and the time term. */
export const POSITIVE_EVENT_TYPES: readonly EventType[] = ['click', 'read', 'like', 'share'];

/**
 * The decayed score approximates exponential decay with rings of one half-life each: events
 * in ring i (age between i and i + 1 half-lives) weigh 2^-(i + 0.5). Beyond 8 half-lives the
 * weight is below 0.3% and the events are ignored.
 */
const DECAY_RINGS = 8;

export interface PopularitySettings {
  /** Half-life of the trending score, ms. */
  halfLifeMs: number;
  /** Trailing window of the model's time term, ms. */
  timeTermWindowMs: number;
  /** Snapshots older than this (ms) are recomputed. */
  refreshMs: number;
  /** After new events, a snapshot at least this old (ms) is recomputed. */
  minRefreshMs: number;
}

/** Popularity at one moment, computed from the store's events. */
export interface PopularitySnapshot {
  /** When it was computed, ms since the Unix epoch. */
  at: number;
  /** Time-decayed trending score per article with recent positive events. */
  trending: ReadonlyMap<string, number>;
  /** Articles of `trending`, highest score first, ties by id. */
  ranked: readonly string[];
  /** Positive events per article in the time term's trailing window. */
  trailingCounts: ReadonlyMap<string, number>;
}

/**
 * Trending articles (time-decayed popularity from stored events) and the trailing counts of the
 * time term, cached and recomputed when stale. New events mark the cache dirty so a burst of
 * reads shows up within `minRefreshMs` instead of `refreshMs`.
 *
 * NOTE: a recomputation runs 9 grouped SQLite queries on the request that finds the cache stale,
 * and their cost grows with the events of the last 8 half-lives (48 h by default). Sites with
 * millions of events per day would want it on a timer off the request path; not measured yet.
 */
export class PopularityTracker {
  private snapshot: PopularitySnapshot | null = null;
  private dirty = false;
  /** Time-term window (ms) of the cached snapshot; a model with another window recomputes it. */
  private windowMs = -1;

  constructor(
    private readonly store: Store,
    private readonly settings: PopularitySettings,
  ) {}

  /** Records that events were stored, so the next `current` recomputes sooner. */
  markDirty(): void {
    this.dirty = true;
  }

  /** Returns the snapshot, recomputing it at `now` (ms) when stale. */
  current(now: number, timeTermWindowMs = this.settings.timeTermWindowMs): PopularitySnapshot {
    const snapshot = this.snapshot;
    const age = snapshot === null ? Infinity : now - snapshot.at;
    const stale = age >= this.settings.refreshMs || (this.dirty && age >= this.settings.minRefreshMs) || age < 0;
    if (snapshot !== null && !stale && this.windowMs === timeTermWindowMs) return snapshot;

    this.dirty = false;
    this.windowMs = timeTermWindowMs;
    this.snapshot = this.compute(now, timeTermWindowMs);
    return this.snapshot;
  }

  private compute(now: number, timeTermWindowMs: number): PopularitySnapshot {
    const { halfLifeMs } = this.settings;
    const types = POSITIVE_EVENT_TYPES;

    // Counts in nested windows of 1 … DECAY_RINGS half-lives; ring i is window i+1 minus window i.
    const trending = new Map<string, number>();
    let inner = new Map<string, number>();
    for (let ring = 0; ring < DECAY_RINGS; ring++) {
      const outer = countMap(this.store, now, halfLifeMs * (ring + 1), types);
      const weight = 2 ** -(ring + 0.5);
      for (const [articleId, count] of outer) {
        const inRing = count - (inner.get(articleId) ?? 0);
        if (inRing > 0) trending.set(articleId, (trending.get(articleId) ?? 0) + weight * inRing);
      }
      inner = outer;
    }

    const ranked = [...trending.keys()].sort((a, b) => (trending.get(b) as number) - (trending.get(a) as number) || compareIds(a, b));
    const trailingCounts = countMap(this.store, now, timeTermWindowMs, types);
    return { at: now, trending, ranked, trailingCounts };
  }
}

function countMap(store: Store, now: number, windowMs: number, types: readonly EventType[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { articleId, count } of store.events.trailingCounts({ now, windowMs, types })) counts.set(articleId, count);
  return counts;
}

/** Orders ids by code unit, the order the index and the store use for ties. */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
