import type Database from 'better-sqlite3';
import { z } from 'zod';

import { epochMs, parseRow, rawId } from './validation.js';

/** Kind of user action on an article. 'impression' means shown but not clicked. */
export const EVENT_TYPES = ['impression', 'click', 'read', 'like', 'dislike', 'hide', 'share'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** An event as a client sends it. `eventId` makes retries idempotent. */
export interface EventInput {
  eventId: string;
  userId: string;
  articleId: string;
  type: EventType;
  /** When the event happened, ms since the Unix epoch (client time, not arrival time). */
  timestamp: number;
  /** Seconds spent reading; null or absent when unknown. */
  readTime?: number | null;
  /** Explicit like (true) or dislike (false); null or absent when unknown. */
  liked?: boolean | null;
}

export interface StoredEvent {
  eventId: string;
  userId: string;
  articleId: string;
  type: EventType;
  timestamp: number;
  readTime: number | null;
  liked: boolean | null;
  /** When the store received the event, ms since the Unix epoch. */
  receivedAt: number;
}

export interface InsertEventsResult {
  /** Events written by this call. */
  inserted: number;
  /** Event ids already stored (or repeated earlier in the batch), ignored as retries. */
  duplicateEventIds: string[];
  /**
   * Subset of `duplicateEventIds` whose stored event differs from the one sent (user, article,
   * type, timestamp, read time or like). The stored event is kept; a client reusing event ids
   * for different events would lose data, so callers should log these.
   */
  conflictingEventIds: string[];
}

export interface HistoryOptions {
  /** Most recent events to return. Default 50. */
  limit?: number;
  /** Only events strictly before this time (ms), e.g. the request time. Default: no bound. */
  before?: number;
  /** Only these event types. Default: all. */
  types?: readonly EventType[];
}

export interface TrailingCountOptions {
  /** End of the window (inclusive), ms since the Unix epoch. */
  now: number;
  /** Window length in ms: events with now − windowMs < timestamp ≤ now count. */
  windowMs: number;
  /** Only these event types. Default: all. */
  types?: readonly EventType[];
  /** Maximum number of articles returned, the most counted first. Default: all. */
  limit?: number;
}

export interface ArticleCount {
  articleId: string;
  count: number;
}

const eventSchema = z.object({
  eventId: z.string().min(1).max(128),
  userId: rawId,
  articleId: rawId,
  type: z.enum(EVENT_TYPES),
  timestamp: epochMs,
  readTime: z.number().nonnegative().max(86_400 * 365).nullable().optional(),
  liked: z.boolean().nullable().optional(),
});

const typesSchema = z.array(z.enum(EVENT_TYPES)).min(1);

interface EventRow {
  event_id: string;
  user_id: string;
  article_id: string;
  type: EventType;
  timestamp: number;
  read_time: number | null;
  liked: number | null;
  received_at: number;
}

/**
 * The events table: an append-only log of user actions, unique by event id. Histories are
 * ordered by event time, never by arrival, because mobile clients upload late and out of order.
 */
export class EventTable {
  private readonly insertStatement: Database.Statement;
  private readonly byIdStatement: Database.Statement;
  private readonly historyStatement: Database.Statement;
  private readonly trailingStatement: Database.Statement;
  private readonly countStatement: Database.Statement;
  private readonly insertBatch: (events: EventInput[], receivedAt: number) => InsertEventsResult;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {
    this.insertStatement = db.prepare(`
      INSERT INTO events (event_id, user_id, article_id, type, timestamp, read_time, liked, received_at)
      VALUES (@eventId, @userId, @articleId, @type, @timestamp, @readTime, @liked, @receivedAt)
      ON CONFLICT (event_id) DO NOTHING
    `);
    this.byIdStatement = db.prepare('SELECT * FROM events WHERE event_id = ?');
    // The inner query takes the newest `limit` events; the outer one returns them oldest first.
    // `types` is a JSON array, or NULL for all types, so one prepared statement serves every filter.
    this.historyStatement = db.prepare(`
      SELECT * FROM (
        SELECT seq, event_id, user_id, article_id, type, timestamp, read_time, liked, received_at
        FROM events
        WHERE user_id = @userId
          AND (@before IS NULL OR timestamp < @before)
          AND (@types IS NULL OR type IN (SELECT value FROM json_each(@types)))
        ORDER BY timestamp DESC, seq DESC
        LIMIT @limit
      ) ORDER BY timestamp ASC, seq ASC
    `);
    this.trailingStatement = db.prepare(`
      SELECT article_id AS articleId, COUNT(*) AS count
      FROM events
      WHERE timestamp > @start AND timestamp <= @end
        AND (@types IS NULL OR type IN (SELECT value FROM json_each(@types)))
      GROUP BY article_id
      ORDER BY count DESC, article_id ASC
      LIMIT @limit
    `);
    this.countStatement = db.prepare('SELECT COUNT(*) AS count FROM events');
    this.insertBatch = db.transaction((events: EventInput[], receivedAt: number) => this.insertRows(events, receivedAt));
  }

  /**
   * Stores one event; a repeated event id is ignored and reported in `duplicateEventIds`.
   * Throws `STORE_INVALID_INPUT` naming the field when the event is invalid.
   */
  insert(event: EventInput): InsertEventsResult {
    return this.insertMany([event]);
  }

  /**
   * Stores a batch in one transaction: all events are validated first, so an invalid event
   * rejects the whole batch with `STORE_INVALID_INPUT` naming its position, id and field, and
   * nothing is written. Repeated event ids (stored earlier or within the batch) are ignored
   * and reported.
   */
  insertMany(events: readonly EventInput[]): InsertEventsResult {
    const valid = events.map((event, i) =>
      parseRow(eventSchema, event, `event ${i} (event_id ${JSON.stringify((event as Partial<EventInput>)?.eventId)})`),
    );
    return this.insertBatch(valid, this.now());
  }

  /**
   * Returns the user's most recent `limit` events by event time (optionally before a time and
   * of some types), oldest first. Events with equal timestamps keep their arrival order.
   */
  history(userId: string, options: HistoryOptions = {}): StoredEvent[] {
    const limit = parseRow(z.number().int().positive(), options.limit ?? 50, 'history limit');
    const before = options.before === undefined ? null : parseRow(epochMs, options.before, 'history before');
    const types = options.types === undefined ? null : JSON.stringify(parseRow(typesSchema, options.types, 'history types'));
    const rows = this.historyStatement.all({ userId, before, types, limit }) as EventRow[];
    return rows.map(toStoredEvent);
  }

  /**
   * Counts events per article in the trailing window (now − windowMs, now] by event time, the
   * most counted first (ties by article id). Used for trending and the popularity term.
   */
  trailingCounts(options: TrailingCountOptions): ArticleCount[] {
    const end = parseRow(epochMs, options.now, 'trailing window now');
    const windowMs = parseRow(z.number().int().positive(), options.windowMs, 'trailing window windowMs');
    const limit = options.limit === undefined ? -1 : parseRow(z.number().int().positive(), options.limit, 'trailing window limit');
    const types = options.types === undefined ? null : JSON.stringify(parseRow(typesSchema, options.types, 'trailing window types'));
    return this.trailingStatement.all({ start: end - windowMs, end, types, limit }) as ArticleCount[];
  }

  /** Returns the stored event with this id, or null. */
  get(eventId: string): StoredEvent | null {
    const row = this.byIdStatement.get(eventId) as EventRow | undefined;
    return row ? toStoredEvent(row) : null;
  }

  /** Number of stored events. */
  count(): number {
    return (this.countStatement.get() as { count: number }).count;
  }

  private insertRows(events: EventInput[], receivedAt: number): InsertEventsResult {
    const result: InsertEventsResult = { inserted: 0, duplicateEventIds: [], conflictingEventIds: [] };
    for (const event of events) {
      const row = {
        eventId: event.eventId,
        userId: event.userId,
        articleId: event.articleId,
        type: event.type,
        timestamp: event.timestamp,
        readTime: event.readTime ?? null,
        liked: toFlag(event.liked),
        receivedAt,
      };
      if (this.insertStatement.run(row).changes === 1) {
        result.inserted += 1;
        continue;
      }

      result.duplicateEventIds.push(event.eventId);
      const stored = this.byIdStatement.get(event.eventId) as EventRow;
      const same =
        stored.user_id === row.userId &&
        stored.article_id === row.articleId &&
        stored.type === row.type &&
        stored.timestamp === row.timestamp &&
        stored.read_time === row.readTime &&
        stored.liked === row.liked;
      if (!same) result.conflictingEventIds.push(event.eventId);
    }
    return result;
  }
}

/** Maps an optional boolean to SQLite's 1 / 0, or NULL when unknown. */
function toFlag(value: boolean | null | undefined): 1 | 0 | null {
  if (value === undefined || value === null) return null;
  return value ? 1 : 0;
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    userId: row.user_id,
    articleId: row.article_id,
    type: row.type,
    timestamp: row.timestamp,
    readTime: row.read_time,
    liked: row.liked === null ? null : row.liked === 1,
    receivedAt: row.received_at,
  };
}
