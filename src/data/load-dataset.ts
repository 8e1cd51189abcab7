/**
 * The main ingest entry: loads a data folder (canonical layout or a public source format) into
 * the canonical tables, with a report of what was read, rejected and merged.
 */
import { stat } from 'node:fs/promises';

import { ADAPTERS, FORMAT_SIGNATURES } from './adapters/index.js';
import { loadFiles, type CanonicalFiles } from './adapters/canonical.js';
import { IngestError } from './errors.js';
import { DATASET_FORMATS, type DatasetFormat, type LoadOptions } from './load-options.js';
import type { Dataset } from './types.js';

/** A data folder, a single canonical interactions file, or explicit canonical file paths. */
export type DatasetSource = string | CanonicalFiles;

/**
 * Loads `source` into a Dataset.
 *
 * A folder is read with `options.format`, or with the format detected from its files when the
 * format is 'auto' (the default). A file path is read as a canonical interactions file.
 * A bad row does not throw: it is rejected, counted in `report` and, with `rejectsFile`, written
 * out. Throws IngestError for a missing path, an unknown format, an empty interactions file or a
 * header without a required column.
 */
export async function loadDataset(source: DatasetSource, options: LoadOptions = {}): Promise<Dataset> {
  const format = options.format ?? 'auto';
  if (format !== 'auto' && !DATASET_FORMATS.includes(format)) {
    throw new IngestError(
      'INGEST_UNKNOWN_FORMAT',
      `Unknown format "${String(format)}". Use one of: ${DATASET_FORMATS.join(', ')}, or auto.`,
      { format },
    );
  }

  if (typeof source !== 'string') return loadCanonicalFiles(source, format, options);

  const kind = await pathKind(source);
  if (kind === 'file') return loadCanonicalFiles({ interactions: source }, format, options);

  const chosen = format === 'auto' ? await detectFormat(source) : format;
  if (chosen === null) {
    const signatures = Object.entries(FORMAT_SIGNATURES)
      .map(([name, files]) => `${name} (${files})`)
      .join(', ');
    throw new IngestError(
      'INGEST_UNKNOWN_FORMAT',
      `No known data layout in ${source}. Expected one of: ${signatures}. Pass --format to choose one.`,
      { folder: source },
    );
  }
  return adapterFor(chosen).load(source, { ...options, format: chosen });
}

/** Returns the first format whose files are present in `folder`, or null. */
export async function detectFormat(folder: string): Promise<DatasetFormat | null> {
  for (const adapter of ADAPTERS) {
    if (await adapter.detect(folder)) return adapter.format;
  }
  return null;
}

function adapterFor(format: DatasetFormat) {
  const adapter = ADAPTERS.find((candidate) => candidate.format === format);
  if (adapter === undefined) throw new Error(`No adapter registered for format ${format}`);
  return adapter;
}

async function loadCanonicalFiles(files: CanonicalFiles, format: DatasetFormat | 'auto', options: LoadOptions): Promise<Dataset> {
  if (format !== 'auto' && format !== 'canonical') {
    throw new IngestError(
      'INGEST_INVALID_OPTIONS',
      `Format ${format} reads a folder, but ${files.interactions} is a file. Pass the folder that contains it.`,
      { format, path: files.interactions },
    );
  }
  return loadFiles(files, { ...options, format: 'canonical' });
}

async function pathKind(path: string): Promise<'file' | 'folder'> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'file';
  } catch (error) {
    throw new IngestError('INGEST_INPUT_NOT_FOUND', `${path} does not exist. Check the path.`, { path }, { cause: error });
  }
}
