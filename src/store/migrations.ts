import type Database from 'better-sqlite3';

import { StoreError } from './errors.js';

/**
 * Schema migrations, applied in order on open. All pending migrations and their rows in
 * `schema_migrations` run in one immediate (write-locked) transaction, so a crash never leaves
 * a half-migrated schema and two processes opening a new file do not both migrate it. Never
 * edit a released migration; append a new one.
 *
 * Times are INTEGER milliseconds since the Unix epoch (UTC). JSON columns hold TEXT.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'create events, articles, users and model versions',
    sql: `
      CREATE TABLE events (
        -- seq is the arrival order; it breaks ties between events with the same timestamp.
        seq INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL,
        article_id TEXT NOT NULL,
        type TEXT NOT NULL,
        timestamp INTEGER NOT NULL,
        read_time REAL,
        liked INTEGER CHECK (liked IN (0, 1)),
        received_at INTEGER NOT NULL
      );
      CREATE INDEX events_user_time ON events (user_id, timestamp);
      CREATE INDEX events_time_article ON events (timestamp, article_id, type);

      CREATE TABLE articles (
        article_id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        category TEXT,
        tags TEXT NOT NULL,
        author TEXT,
        published_at INTEGER,
        hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
        expires_at INTEGER,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX articles_updated ON articles (updated_at, article_id);

      CREATE TABLE users (
        user_id TEXT PRIMARY KEY,
        preferred_topics TEXT NOT NULL,
        signup_date INTEGER
      );

      CREATE TABLE model_versions (
        version TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        metrics TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
        activated_at INTEGER
      );
      -- At most one active version, enforced by the database even if two processes race.
      CREATE UNIQUE INDEX model_versions_one_active ON model_versions (status) WHERE status = 'active';
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/**
 * Brings the database to LATEST_SCHEMA_VERSION and returns the version it had before.
 * Throws `STORE_SCHEMA_TOO_NEW` when a newer ReadNext has already migrated it further.
 */
export function applyMigrations(db: Database.Database, databasePath: string, now: () => number): number {
  db.exec(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at INTEGER NOT NULL
    )
  `);
  const readVersion = db.prepare('SELECT MAX(version) AS version FROM schema_migrations');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');

  const migrate = db.transaction((): number => {
    const current = (readVersion.get() as { version: number | null }).version ?? 0;
    if (current > LATEST_SCHEMA_VERSION) {
      throw new StoreError(
        'STORE_SCHEMA_TOO_NEW',
        `database ${databasePath} has schema version ${current}, newer than ${LATEST_SCHEMA_VERSION} known to this ReadNext; upgrade ReadNext or use another database file`,
      );
    }
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now());
    }
    return current;
  });
  return migrate.immediate();
}
