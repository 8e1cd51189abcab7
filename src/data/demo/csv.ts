import { existsSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

import { stringify } from 'csv-stringify/sync';

import { type Dataset, MISSING_FLAG } from '../types.js';
import { DemoDataError } from './errors.js';

/** One file written by `writeCanonicalCsv`. */
export interface WrittenFile {
  /** File name inside the output folder, e.g. `interactions.csv`. */
  file: string;
  path: string;
  /** Data rows, not counting the header. */
  rows: number;
  bytes: number;
}

export interface WriteCanonicalCsvOptions {
  /** Replace existing interactions.csv / articles.csv / users.csv in `dir`. Default false. */
  overwrite?: boolean;
}

export const INTERACTION_COLUMNS = ['user_id', 'article_id', 'timestamp', 'click', 'read_time', 'like'] as const;
export const ARTICLE_COLUMNS = ['article_id', 'title', 'text', 'category', 'tags', 'author', 'published_at'] as const;
export const USER_COLUMNS = ['user_id', 'preferred_topics', 'signup_date'] as const;

/** Separator of list cells (`tags`, `preferred_topics`) in the canonical CSV format. */
export const LIST_SEPARATOR = '|';

const FILE_NAMES = ['interactions.csv', 'articles.csv', 'users.csv'];

/** Records passed to csv-stringify at once. */
const CHUNK_ROWS = 5_000;

/** Bytes collected before one write; bounds memory at any data set size. */
const WRITE_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * Writes a data set as canonical CSV files into `dir` (created if missing): interactions.csv
 * always, articles.csv and users.csv only when the data set has such rows.
 *
 * Format: RFC 4180 via csv-stringify (fields with a comma, quote, CR or LF are quoted, quotes
 * doubled), LF line ends, UTF-8 without BOM. Timestamps are ISO 8601 UTC (`2024-03-01T12:00:00Z`,
 * milliseconds only when non-zero); missing click/like/read_time and unknown dates are empty
 * cells; list cells are joined with `|`. Interaction rows keep the table's (time) order,
 * articles and users keep their map order. Each file is written under a `.partial` name and
 * renamed when complete, so a crash never leaves a truncated file under the real name.
 *
 * Throws DemoDataError DEMO_OUTPUT_EXISTS when a target file exists and `overwrite` is not
 * set, and DEMO_UNWRITABLE_VALUE for a list item that contains `|` or is empty.
 */
export async function writeCanonicalCsv(
  dataset: Dataset,
  dir: string,
  options: WriteCanonicalCsvOptions = {},
): Promise<WrittenFile[]> {
  if (!options.overwrite) {
    const existing = FILE_NAMES.filter((name) => existsSync(path.join(dir, name)));
    if (existing.length > 0) {
      throw new DemoDataError(
        'DEMO_OUTPUT_EXISTS',
        `${existing.join(', ')} already exist in ${dir}; choose an empty folder or pass overwrite (--force) to replace them.`,
        { dir, existing },
      );
    }
  }
  await mkdir(dir, { recursive: true });

  const written: WrittenFile[] = [];
  const interactionPieces = [`${INTERACTION_COLUMNS.join(',')}\n`, interactionLines(dataset)];
  written.push(await writeTable(dir, 'interactions.csv', dataset.interactions.size, flatten(interactionPieces)));
  if (dataset.articles.size > 0) {
    const pieces = stringifiedLines(ARTICLE_COLUMNS, articleRows(dataset));
    written.push(await writeTable(dir, 'articles.csv', dataset.articles.size, pieces));
  }
  if (dataset.users.size > 0) {
    const pieces = stringifiedLines(USER_COLUMNS, userRows(dataset));
    written.push(await writeTable(dir, 'users.csv', dataset.users.size, pieces));
  }
  return written;
}

/** ISO 8601 UTC; drops the `.000` when the time is a whole second. */
export function formatTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/**
 * Shortest decimal that reads back as the same float32 (12.3 -> "12.3", not the float64
 * expansion "12.300000190734863" of Math.fround(12.3)); empty for NaN.
 */
export function formatFloat32(value: number): string {
  if (Number.isNaN(value)) return '';
  if (Number.isInteger(value)) return String(value);
  for (let digits = 1; digits <= 9; digits++) {
    const text = String(Number(value.toPrecision(digits)));
    if (Math.fround(Number(text)) === value) return text;
  }
  return String(value);
}

/**
 * Quotes one CSV field as RFC 4180 requires. A field containing a comma, a double quote, CR or
 * LF is wrapped in double quotes with inner quotes doubled. Any other field is returned as is.
 */
export function quoteCsvField(value: string): string {
  if (!/[",\r\n]/.test(value)) return value;
  return `"${value.replaceAll('"', '""')}"`;
}

/**
 * Same output as formatTimestamp without a Date object per row, for the sorted timestamps of
 * an interaction table: the date part is cached per UTC day and the time of day is formatted
 * with integer arithmetic. Falls back to Date for fractional ms and dates outside years 1970-9999.
 */
class TimestampFormatter {
  private day = NaN;
  private datePrefix = '';

  format(ms: number): string {
    if (!Number.isInteger(ms) || ms < 0 || ms >= 253_402_300_800_000) return formatTimestamp(ms);
    const day = Math.floor(ms / 86_400_000);
    if (day !== this.day) {
      this.day = day;
      this.datePrefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
    }
    const msOfDay = ms - day * 86_400_000;
    const seconds = Math.floor(msOfDay / 1000);
    const millis = msOfDay - seconds * 1000;
    const clock = `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
    return millis === 0 ? `${this.datePrefix}${clock}Z` : `${this.datePrefix}${clock}.${String(millis).padStart(3, '0')}Z`;
  }
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/**
 * Interaction lines, built by hand rather than through csv-stringify: at 1M rows the per-field
 * overhead of the general stringifier dominated the write time. Only the two id columns can
 * need quoting; timestamps and numbers never contain a comma, quote or line break.
 */
function* interactionLines(dataset: Dataset): Generator<string> {
  const table = dataset.interactions;
  const users = table.userIds.map(quoteCsvField);
  const articles = table.articleIds.map(quoteCsvField);
  const timestamps = new TimestampFormatter();
  for (let row = 0; row < table.size; row++) {
    yield `${users[table.user[row]]},${articles[table.article[row]]},${timestamps.format(table.timestamp[row])},` +
      `${formatFlag(table.click[row])},${formatFloat32(table.readTime[row])},${formatFlag(table.like[row])}\n`;
  }
}

function* articleRows(dataset: Dataset): Generator<string[]> {
  for (const article of dataset.articles.values()) {
    yield [
      article.articleId,
      article.title,
      article.text,
      article.category ?? '',
      joinList(article.tags, `tags of article ${JSON.stringify(article.articleId)}`),
      article.author ?? '',
      article.publishedAt === null ? '' : formatTimestamp(article.publishedAt),
    ];
  }
}

function* userRows(dataset: Dataset): Generator<string[]> {
  for (const user of dataset.users.values()) {
    yield [
      user.userId,
      joinList(user.preferredTopics, `preferred_topics of user ${JSON.stringify(user.userId)}`),
      user.signupDate === null || Number.isNaN(user.signupDate) ? '' : formatTimestamp(user.signupDate),
    ];
  }
}

function* flatten(parts: (string | Iterable<string>)[]): Generator<string> {
  for (const part of parts) {
    if (typeof part === 'string') yield part;
    else yield* part;
  }
}

function formatFlag(value: number): string {
  return value === MISSING_FLAG ? '' : String(value);
}

function joinList(items: readonly string[], where: string): string {
  for (const item of items) {
    if (item.length === 0 || item.includes(LIST_SEPARATOR)) {
      throw new DemoDataError(
        'DEMO_UNWRITABLE_VALUE',
        `Cannot write ${where}: item ${JSON.stringify(item)} is empty or contains "${LIST_SEPARATOR}", ` +
          `the list separator of the canonical CSV format. Rename or drop the item.`,
        { where, item },
      );
    }
  }
  return items.join(LIST_SEPARATOR);
}

/** Writes rows of fields through csv-stringify, which quotes free text such as titles and bodies. */
function* stringifiedLines(columns: readonly string[], rows: Iterable<string[]>): Generator<string> {
  let chunk: string[][] = [[...columns]];
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length >= CHUNK_ROWS) {
      yield stringify(chunk, { record_delimiter: 'unix' });
      chunk = [];
    }
  }
  if (chunk.length > 0) yield stringify(chunk, { record_delimiter: 'unix' });
}

/**
 * Streams `pieces` into `file` through one reusable buffer: each piece is UTF-8 encoded straight
 * into the buffer, which is flushed when the next piece might not fit. This avoids building
 * large joined strings: in a profile of the 1M-row seed scale, collecting their garbage cost
 * more than formatting the rows.
 */
async function writeTable(dir: string, file: string, rowCount: number, pieces: Iterable<string>): Promise<WrittenFile> {
  const target = path.join(dir, file);
  const partial = `${target}.partial`;
  const handle = await open(partial, 'w');
  const buffer = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  let used = 0;
  let bytes = 0;
  try {
    for (const piece of pieces) {
      // A UTF-16 code unit encodes to at most 3 UTF-8 bytes.
      const worstCase = piece.length * 3;
      if (used + worstCase > buffer.length) {
        await handle.writeFile(buffer.subarray(0, used));
        bytes += used;
        used = 0;
      }
      if (worstCase > buffer.length) {
        const encoded = Buffer.from(piece, 'utf8');
        await handle.writeFile(encoded);
        bytes += encoded.length;
      } else {
        used += buffer.write(piece, used, 'utf8');
      }
    }
    await handle.writeFile(buffer.subarray(0, used));
    bytes += used;
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
  await rename(partial, target);
  return { file, path: target, rows: rowCount, bytes };
}
