import { mkdirSync } from 'node:fs';
import path from 'node:path';

import Database from 'better-sqlite3';

import { ArticleTable } from './articles.js';
import { StoreError } from './errors.js';
import { EventTable } from './events.js';
import { applyMigrations, LATEST_SCHEMA_VERSION } from './migrations.js';
import { ModelVersionTable } from './model-versions.js';
import { UserTable } from './users.js';

export interface StoreOptions {
  /** Clock in ms since the Unix epoch, for received_at, updated_at and activation times. Default Date.now. */
  now?: () => number;
  /** How long a write waits for another process's lock before failing, in ms. Default 5000. */
  busyTimeoutMs?: number;
}

/**
 * ReadNext's SQLite database (better-sqlite3 12): events, articles, users and model versions.
 *
 * Opening runs pending migrations. File databases use write-ahead logging, so readers do not
 * block the writer, with synchronous = NORMAL: a committed transaction survives a crash of the
 * process but the last ones may be lost on power failure. `:memory:` opens a private
 * in-memory database (no WAL) for tests.
 *
 * All calls are synchronous, as in better-sqlite3; one Store per process and file is enough.
 */
export class Store {
  readonly path: string;
  readonly events: EventTable;
  readonly articles: ArticleTable;
  readonly users: UserTable;
  readonly modelVersions: ModelVersionTable;
  /** Schema version found on open, before migrations; 0 for a new file. */
  readonly openedAtSchemaVersion: number;

  private readonly db: Database.Database;

  private constructor(databasePath: string, db: Database.Database, options: StoreOptions) {
    const now = options.now ?? Date.now;
    this.path = databasePath;
    this.db = db;
    this.openedAtSchemaVersion = applyMigrations(db, databasePath, now);
    this.events = new EventTable(db, now);
    this.articles = new ArticleTable(db, now);
    this.users = new UserTable(db);
    this.modelVersions = new ModelVersionTable(db, now);
  }

  /**
   * Opens (creating if needed, with parent directories) the database at `databasePath`, or a
   * private in-memory one for ':memory:', and migrates it to the latest schema. Throws
   * `STORE_OPEN_FAILED` when the file cannot be opened or is not a SQLite database, and
   * `STORE_SCHEMA_TOO_NEW` when a newer ReadNext migrated it.
   */
  static open(databasePath: string, options: StoreOptions = {}): Store {
    const inMemory = databasePath === ':memory:';
    let db: Database.Database | null = null;
    try {
      if (!inMemory) mkdirSync(path.dirname(path.resolve(databasePath)), { recursive: true });
      db = new Database(databasePath, { timeout: options.busyTimeoutMs ?? 5000 });
      if (!inMemory) db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      return new Store(databasePath, db, options);
    } catch (error) {
      db?.close();
      if (error instanceof StoreError) throw error;
      throw new StoreError(
        'STORE_OPEN_FAILED',
        `cannot open database ${databasePath}: ${(error as Error).message}; check the path and permissions, or move a damaged file aside to start a new database`,
        { cause: error },
      );
    }
  }

  /** Current schema version (after migrations). */
  schemaVersion(): number {
    return LATEST_SCHEMA_VERSION;
  }

  /** SQLite journal mode in use: 'wal' for files, 'memory' for ':memory:'. */
  journalMode(): string {
    return this.db.pragma('journal_mode', { simple: true }) as string;
  }

  /** Runs `work` in one transaction: every write inside commits together or not at all. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** Closes the database; later calls on this store throw. */
  close(): void {
    this.db.close();
  }
}
