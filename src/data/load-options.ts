/**
 * Options of `loadDataset` and the adapters, validated once with zod, and the per-load context
 * handed to every reader.
 */
import { z } from 'zod';

import { IngestError } from './errors.js';
import { IngestReportBuilder } from './ingest-report.js';
import { RejectsWriter } from './rejects-file.js';

export const DATASET_FORMATS = ['canonical', 'movielens-100k', 'movielens-latest', 'deskdrop', 'globo', 'mind'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

export interface LoadProgress {
  /** File just finished, relative to the data folder. */
  file: string;
  filesDone: number;
  filesTotal: number;
  /** Interaction rows accepted so far over all files, before exact duplicates are merged. */
  interactionRows: number;
}

const loadOptionsSchema = z
  .object({
    /** Source format; 'auto' picks it from the files present. */
    format: z.enum([...DATASET_FORMATS, 'auto']).default('auto'),
    /** Interactions after this time (ms since the epoch) are rejected as future_timestamp. Default: Date.now(). */
    now: z.number().finite().optional(),
    /** Maximum record size in bytes; longer records are rejected as record_too_large. */
    maxRecordBytes: z.number().int().min(1024).default(16 * 1024 * 1024),
    /** Maximum title or text length in UTF-16 code units; longer values are cut and counted. */
    maxTextChars: z.number().int().min(1).default(1_000_000),
    /** Write every rejected row to this JSONL file while loading. */
    rejectsFile: z.string().min(1).optional(),
    /** Rejected rows kept in `report.rejects`; the rest are counted only. */
    maxRejectsInMemory: z.number().int().min(0).default(10_000),
    /** Dataset name; default: the folder's base name. */
    name: z.string().min(1).optional(),
    /** Read chunk size in bytes. Tests set it small to exercise chunk boundaries. */
    chunkBytes: z.number().int().min(16).optional(),
  })
  .strict();

export type LoadOptions = z.input<typeof loadOptionsSchema> & {
  /** Called after each file; library code reports progress only through this callback. */
  onProgress?: (progress: LoadProgress) => void;
};

export type ResolvedLoadOptions = z.output<typeof loadOptionsSchema> & { now: number };

/** The state one load threads through its readers. */
export interface LoadContext {
  options: ResolvedLoadOptions;
  report: IngestReportBuilder;
  /** Reader limits in the shape `readTable` takes. */
  limits: { maxRecordBytes: number; chunkBytes?: number };
  progress: (file: string, filesDone: number, filesTotal: number, interactionRows: number) => void;
  /** Closes the rejects file, if any. Call once, also when the load fails. */
  close: () => void;
}

/** Validates `options` (throws INGEST_INVALID_OPTIONS naming each bad field) and opens the rejects file. */
export function createLoadContext(options: LoadOptions = {}): LoadContext {
  const { onProgress, ...plain } = options;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new IngestError('INGEST_INVALID_OPTIONS', 'Invalid load options: onProgress must be a function.', {
      field: 'onProgress',
    });
  }

  const parsed = loadOptionsSchema.safeParse(plain);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`);
    throw new IngestError('INGEST_INVALID_OPTIONS', `Invalid load options: ${issues.join('; ')}.`, {
      issues: parsed.error.issues,
    });
  }

  const resolved: ResolvedLoadOptions = { ...parsed.data, now: parsed.data.now ?? Date.now() };
  const rejectsWriter = resolved.rejectsFile === undefined ? null : new RejectsWriter(resolved.rejectsFile);
  const report = new IngestReportBuilder({ maxRejectsInMemory: resolved.maxRejectsInMemory, rejectsWriter });
  return {
    options: resolved,
    report,
    limits: { maxRecordBytes: resolved.maxRecordBytes, chunkBytes: resolved.chunkBytes },
    progress: (file, filesDone, filesTotal, interactionRows) => onProgress?.({ file, filesDone, filesTotal, interactionRows }),
    close: () => rejectsWriter?.close(),
  };
}

/** Runs `load` with a fresh context and closes the rejects file afterwards, also on failure. */
export async function withLoadContext<T>(options: LoadOptions, load: (context: LoadContext) => Promise<T>): Promise<T> {
  const context = createLoadContext(options);
  try {
    return await load(context);
  } finally {
    context.close();
  }
}
