import type Database from 'better-sqlite3';
import { z } from 'zod';

import { StoreError } from './errors.js';
import { epochMs, parseRow } from './validation.js';

export type ModelStatus = 'active' | 'inactive';

/** A trained model registered for serving. */
export interface ModelVersion {
  /** Unique label, e.g. the model directory name. */
  version: string;
  /** Model directory on disk. */
  path: string;
  /** Registration time, ms since the Unix epoch. */
  createdAt: number;
  /** Offline evaluation metrics, e.g. { "recall@10": 0.21 }. */
  metrics: Record<string, unknown>;
  status: ModelStatus;
  /** Last activation time in ms, kept after deactivation; null if never active. */
  activatedAt: number | null;
}

export interface RegisterModelInput {
  version: string;
  path: string;
  metrics?: Record<string, unknown>;
  /** Default: the store clock. */
  createdAt?: number;
}

const registerSchema = z.object({
  version: z.string().min(1).max(200),
  path: z.string().min(1),
  metrics: z.record(z.string(), z.unknown()).default({}),
  createdAt: epochMs.optional(),
});

interface ModelVersionRow {
  version: string;
  path: string;
  created_at: number;
  metrics: string;
  status: ModelStatus;
  activated_at: number | null;
}

/**
 * The model_versions table: every model registered for serving, with at most one active. A
 * partial unique index on status = 'active' backs the rule in the database itself.
 */
export class ModelVersionTable {
  private readonly insertStatement: Database.Statement;
  private readonly getStatement: Database.Statement;
  private readonly activeStatement: Database.Statement;
  private readonly listStatement: Database.Statement;
  private readonly deactivateAllStatement: Database.Statement;
  private readonly activateStatement: Database.Statement;
  private readonly activateInTransaction: Database.Transaction<(version: string, at: number) => { activated: ModelVersion; previous: string | null }>;

  constructor(
    db: Database.Database,
    private readonly now: () => number,
  ) {
    this.insertStatement = db.prepare(`
      INSERT INTO model_versions (version, path, created_at, metrics, status, activated_at)
      VALUES (@version, @path, @createdAt, @metrics, 'inactive', NULL)
      ON CONFLICT (version) DO NOTHING
    `);
    this.getStatement = db.prepare('SELECT * FROM model_versions WHERE version = ?');
    this.activeStatement = db.prepare("SELECT * FROM model_versions WHERE status = 'active'");
    this.listStatement = db.prepare('SELECT * FROM model_versions ORDER BY created_at DESC, version DESC');
    this.deactivateAllStatement = db.prepare("UPDATE model_versions SET status = 'inactive' WHERE status = 'active'");
    this.activateStatement = db.prepare("UPDATE model_versions SET status = 'active', activated_at = ? WHERE version = ?");
    this.activateInTransaction = db.transaction((version: string, at: number) => {
      if (this.getStatement.get(version) === undefined) {
        throw new StoreError('STORE_NOT_FOUND', `model version ${JSON.stringify(version)} is not registered; register it first`);
      }
      const previous = (this.activeStatement.get() as ModelVersionRow | undefined)?.version ?? null;
      this.deactivateAllStatement.run();
      this.activateStatement.run(at, version);
      return { activated: this.get(version) as ModelVersion, previous };
    });
  }

  /**
   * Registers an inactive model version. Throws `STORE_DUPLICATE` when the version exists,
   * because silently replacing the path of a served model would be unsafe.
   */
  register(input: RegisterModelInput): ModelVersion {
    const valid = parseRow(registerSchema, input, `model version ${JSON.stringify(input?.version)}`);
    const changes = this.insertStatement.run({
      version: valid.version,
      path: valid.path,
      createdAt: valid.createdAt ?? this.now(),
      metrics: JSON.stringify(valid.metrics),
    }).changes;
    if (changes === 0) {
      throw new StoreError(
        'STORE_DUPLICATE',
        `model version ${JSON.stringify(valid.version)} is already registered; choose a new version label`,
      );
    }
    return this.get(valid.version) as ModelVersion;
  }

  /**
   * Makes `version` the only active model in one immediate transaction and returns it with the
   * previously active version (null if none), so a caller can roll back. Activating the
   * active version again only refreshes `activatedAt`. Throws `STORE_NOT_FOUND`.
   */
  activate(version: string): { activated: ModelVersion; previous: string | null } {
    return this.activateInTransaction.immediate(version, this.now());
  }

  /** Returns the active model version, or null when none is active. */
  active(): ModelVersion | null {
    const row = this.activeStatement.get() as ModelVersionRow | undefined;
    return row ? toModelVersion(row) : null;
  }

  /** Returns the model version, or null when not registered. */
  get(version: string): ModelVersion | null {
    const row = this.getStatement.get(version) as ModelVersionRow | undefined;
    return row ? toModelVersion(row) : null;
  }

  /** Returns all model versions, newest registration first. */
  list(): ModelVersion[] {
    return (this.listStatement.all() as ModelVersionRow[]).map(toModelVersion);
  }
}

function toModelVersion(row: ModelVersionRow): ModelVersion {
  return {
    version: row.version,
    path: row.path,
    createdAt: row.created_at,
    metrics: JSON.parse(row.metrics) as Record<string, unknown>,
    status: row.status,
    activatedAt: row.activated_at,
  };
}
