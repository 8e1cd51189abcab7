/**
 * Reads one canonical table file (CSV or JSONL, optionally gzipped) into rows of cell strings
 * aligned to a fixed column list, so one validation path serves both formats.
 *
 * CSV: the first record is the header; column names are trimmed and matched exactly; extra
 * columns are ignored with a warning. JSONL: each line is an object keyed by column name.
 * JSONL values become cell strings: null/absent → "", numbers → their decimal text, booleans →
 * "true"/"false", arrays → JSON text (list columns only).
 */
import { basename } from 'node:path';

import { IngestError } from '../errors.js';
import type { IngestReportBuilder, TableCounter } from '../ingest-report.js';
import type { RejectReason } from '../reject-reasons.js';
import { readDelimited, type RecordHandler } from './delimited-reader.js';
import { readJsonl } from './jsonl-reader.js';

export interface ColumnSpec {
  name: string;
  required: boolean;
  /** Keep surrounding whitespace (free text). Other cells are trimmed. */
  verbatim?: boolean;
  /** Accepts a JSON array in JSONL. */
  list?: boolean;
}

export interface ReadLimits {
  maxRecordBytes: number;
  chunkBytes?: number;
}

export interface TableReadOptions {
  /** Skip the `ignored_columns` warning: adapters read a few columns of wide source files on purpose. */
  expectExtraColumns?: boolean;
}

/** Receives each record that could be split into cells; `values` is reused between calls. */
export type TableRowHandler = (values: string[], line: number) => void;

export interface TableReadResult {
  /** No header and no record: a 0-byte file, or only blank lines. */
  empty: boolean;
}

/** Returns 'csv' or 'jsonl' for a canonical table file name, or null for another extension. */
export function tableFormatOf(path: string): 'csv' | 'jsonl' | null {
  const name = basename(path).toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  return null;
}

/**
 * Reads `path`, counting every record in `counter.read`. Records that cannot be split into cells
 * are rejected here; the others go to `onRow`. Throws INGEST_MISSING_COLUMN or
 * INGEST_DUPLICATE_COLUMN for a bad CSV header.
 */
export async function readTable(
  path: string,
  columns: readonly ColumnSpec[],
  counter: TableCounter,
  report: IngestReportBuilder,
  limits: ReadLimits,
  onRow: TableRowHandler,
  options: TableReadOptions = {},
): Promise<TableReadResult> {
  const format = tableFormatOf(path);
  if (format === 'jsonl') return readJsonlTable(path, columns, counter, report, limits, onRow);
  return readCsvTable(path, columns, counter, report, limits, onRow, options);
}

async function readCsvTable(
  path: string,
  columns: readonly ColumnSpec[],
  counter: TableCounter,
  report: IngestReportBuilder,
  limits: ReadLimits,
  onRow: TableRowHandler,
  options: TableReadOptions,
): Promise<TableReadResult> {
  const values = new Array<string>(columns.length).fill('');
  let header: string[] | null = null;
  let fieldIndex: number[] = [];

  const handler: RecordHandler = {
    usedFields: null,
    record: (fields, line) => {
      if (header === null) {
        header = fields.map((name) => name.trim());
        fieldIndex = resolveHeader(header, columns, counter.file, options.expectExtraColumns ? null : report);
        handler.usedFields = usedFieldMask(header.length, fieldIndex);
        return;
      }

      counter.read += 1;
      if (fields.length !== header.length) {
        counter.reject(line, 'malformed_row', `expected ${header.length} fields as in the header, found ${fields.length}`);
        return;
      }
      for (let i = 0; i < columns.length; i += 1) {
        const index = fieldIndex[i];
        const cell = index === -1 ? '' : fields[index];
        values[i] = columns[i].verbatim ? cell : cell.trim();
      }
      onRow(values, line);
    },
    malformed: (line, reason, message) => {
      counter.read += 1;
      counter.reject(line, reason, message);
    },
    stopped: (_line, message) => report.warn(counter.file, 'file_truncated', message),
  };

  await readDelimited(
    path,
    { delimiter: ',', quoting: true, encoding: 'utf8', maxRecordBytes: limits.maxRecordBytes, chunkBytes: limits.chunkBytes },
    handler,
  );

  return { empty: header === null };
}

function usedFieldMask(fieldCount: number, fieldIndex: readonly number[]): Uint8Array {
  const mask = new Uint8Array(fieldCount);
  for (const index of fieldIndex) if (index !== -1) mask[index] = 1;
  return mask;
}

/** Maps each requested column to its field index (-1 when absent) and checks the header. */
function resolveHeader(
  header: string[],
  columns: readonly ColumnSpec[],
  file: string,
  report: IngestReportBuilder | null,
): number[] {
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) {
      throw new IngestError(
        'INGEST_DUPLICATE_COLUMN',
        `${file}: the header names column "${name}" twice. Rename or remove one of them.`,
        { file, column: name, header },
      );
    }
    seen.add(name);
  }

  const missing = columns.filter((column) => column.required && !seen.has(column.name)).map((column) => column.name);
  if (missing.length > 0) {
    throw new IngestError(
      'INGEST_MISSING_COLUMN',
      `${file}: required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing from the header ` +
        `(found: ${header.join(', ')}). Column names are exact and lower case, e.g. user_id, article_id, timestamp.`,
      { file, missing, header },
    );
  }

  const known = new Set(columns.map((column) => column.name));
  const ignored = header.filter((name) => !known.has(name));
  if (ignored.length > 0 && report !== null) {
    report.warn(file, 'ignored_columns', `${file}: columns ${ignored.join(', ')} are not part of the format and were ignored`);
  }
  return columns.map((column) => header.indexOf(column.name));
}

async function readJsonlTable(
  path: string,
  columns: readonly ColumnSpec[],
  counter: TableCounter,
  report: IngestReportBuilder,
  limits: ReadLimits,
  onRow: TableRowHandler,
): Promise<TableReadResult> {
  const values = new Array<string>(columns.length).fill('');
  const known = new Set(columns.map((column) => column.name));
  const ignored = new Set<string>();
  let objects = 0;

  await readJsonl(
    path,
    { maxRecordBytes: limits.maxRecordBytes, chunkBytes: limits.chunkBytes },
    {
      object: (object, line) => {
        objects += 1;
        counter.read += 1;
        for (const key of Object.keys(object)) if (!known.has(key)) ignored.add(key);

        for (let i = 0; i < columns.length; i += 1) {
          const column = columns[i];
          const cell = jsonValueToCell(object[column.name], column);
          if (typeof cell !== 'string') {
            counter.reject(line, cell.reason, cell.message);
            return;
          }
          values[i] = column.verbatim ? cell : cell.trim();
        }
        onRow(values, line);
      },
      malformed: (line, reason, message) => {
        objects += 1;
        counter.read += 1;
        counter.reject(line, reason, message);
      },
    },
  );

  if (ignored.size > 0) {
    report.warn(counter.file, 'ignored_columns', `${counter.file}: keys ${[...ignored].join(', ')} are not part of the format and were ignored`);
  }
  return { empty: objects === 0 };
}

interface CellProblem {
  reason: RejectReason;
  message: string;
}

function jsonValueToCell(value: unknown, column: ColumnSpec): string | CellProblem {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      return {
        reason: 'unsafe_integer',
        message: `${column.name} ${value} is a JSON number above 2^53 and may have lost digits when parsed; write it as a JSON string`,
      };
    }
    return String(value);
  }
  if (Array.isArray(value) && column.list) return JSON.stringify(value);
  return {
    reason: 'invalid_value',
    message: `${column.name} is ${Array.isArray(value) ? 'an array' : 'an object'}; expected a string, number or boolean`,
  };
}
