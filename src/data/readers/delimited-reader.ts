/**
 * Streaming reader for delimited text: CSV (RFC 4180 quoting, via csv-parse), TSV and `|`-separated.
 *
 * csv-parse 6 reads about 100k rows/s of 12-column CSV on one core, too slow for 3M Globo.com
 * clicks, so lines are split by hand while they contain no quote character. Without quotes an
 * RFC 4180 record is exactly one line split on the delimiter, so both paths yield the same
 * records. At the first line with a quote, that line and the rest of the file go to csv-parse,
 * which handles quoted delimiters, doubled quotes and line breaks inside fields.
 */
import { parse, type CsvError, type Info } from 'csv-parse';

import { LineSplitter } from './line-splitter.js';
import { openInput, unreadableFileError } from './open-input.js';

export interface DelimitedReaderOptions {
  delimiter: ',' | '\t' | '|';
  /** true: RFC 4180 quotes (CSV). false: every line is a record and `"` is an ordinary character. */
  quoting: boolean;
  encoding: 'utf8' | 'latin1';
  /** Maximum record size in bytes; longer records are skipped and reported (see `RecordHandler.malformed`). */
  maxRecordBytes: number;
  /** Read chunk size in bytes (tests only). */
  chunkBytes?: number;
}

export interface RecordHandler {
  /**
   * Fields the handler reads (1) and ignores (0), by position; ignored fields of unquoted lines
   * arrive as "" without being copied. null or absent: all fields. Read before every line, so
   * a handler can set it after seeing the header.
   */
  usedFields?: Uint8Array | null;
  /**
   * One record with its 1-based physical start line. `fields` is reused between calls: copy it
   * to keep it.
   */
  record(fields: string[], line: number): void;
  /** A record that could not be split into fields. */
  malformed(line: number, reason: 'malformed_csv' | 'record_too_large', message: string): void;
  /** The rest of the file could not be read, e.g. after an unclosed quote. */
  stopped(line: number, message: string): void;
}

/** Reads `path` record by record; resolves when the file is consumed. */
export async function readDelimited(path: string, options: DelimitedReaderOptions, handler: RecordHandler): Promise<void> {
  const input = await openInput(path, { chunkBytes: options.chunkBytes });
  const fields: string[] = [];
  let csv: CsvParseTail | null = null;

  const splitter = new LineSplitter(
    options.encoding,
    options.maxRecordBytes,
    (line, lineNumber) => {
      if (options.quoting && line.includes('"')) return true;
      splitLine(line, options.delimiter, fields, handler.usedFields ?? null);
      handler.record(fields, lineNumber);
      return false;
    },
    (lineNumber) =>
      handler.malformed(lineNumber, 'record_too_large', `record is longer than ${options.maxRecordBytes} bytes and was skipped`),
  );

  try {
    for await (const chunk of input) {
      if (csv !== null) {
        await csv.write(chunk as Buffer);
        continue;
      }
      const rest = splitter.push(chunk as Buffer);
      if (rest !== null) {
        csv = new CsvParseTail(options, splitter.lineNumber, handler);
        await csv.write(rest);
      }
    }

    if (csv === null) {
      const rest = splitter.end();
      if (rest !== null) {
        csv = new CsvParseTail(options, splitter.lineNumber, handler);
        await csv.write(rest);
      }
    }
    if (csv !== null) await csv.end();
  } catch (error) {
    input.destroy();
    throw unreadableFileError(path, error);
  }
}

/**
 * Splits one unquoted line into `fields` (reused array, resized to the field count). Fields
 * whose `used` entry is 0 are set to "" instead of being sliced out.
 */
export function splitLine(line: string, delimiter: string, fields: string[], used: Uint8Array | null = null): void {
  let count = 0;
  let start = 0;
  for (;;) {
    const next = line.indexOf(delimiter, start);
    const end = next === -1 ? line.length : next;
    fields[count] = used === null || used[count] === 1 ? line.slice(start, end) : '';
    count += 1;
    if (next === -1) break;
    start = next + 1;
  }
  if (fields.length !== count) fields.length = count;
}

/**
 * csv-parse over the rest of a file, starting at physical line `firstLine`. Records go to the
 * handler from `on_record`, so nothing is buffered in the stream.
 */
class CsvParseTail {
  private readonly parser;
  private lastEndLine: number;
  private lastEmptyLines = 0;
  private lastSkipEndLine = -1;
  private readonly done: Promise<void>;

  constructor(options: DelimitedReaderOptions, firstLine: number, handler: RecordHandler) {
    // csv-parse counts lines from 1 at the first byte it is given.
    const lineOffset = firstLine - 1;
    this.lastEndLine = lineOffset;

    this.parser = parse({
      delimiter: options.delimiter,
      encoding: options.encoding,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: options.maxRecordBytes,
      on_record: (record: string[], context: Info) => {
        // The record ends on context.lines; it starts after the previous record and any empty lines between.
        const startLine = this.lastEndLine + 1 + (context.empty_lines - this.lastEmptyLines);
        this.lastEndLine = context.lines + lineOffset;
        this.lastEmptyLines = context.empty_lines;
        this.lastSkipEndLine = -1;
        handler.record(record, startLine);
        return null;
      },
      on_skip: (error: CsvError | undefined) => {
        const endLine = (typeof error?.lines === 'number' ? error.lines : 0) + lineOffset;
        const emptyLines = typeof error?.empty_lines === 'number' ? error.empty_lines : this.lastEmptyLines;
        // csv-parse can raise a second error for the same broken record (a stray quote, then
        // the quote it opened never closing); report the record once.
        if (endLine === this.lastSkipEndLine) return undefined;
        const startLine = Math.min(endLine, this.lastEndLine + 1 + (emptyLines - this.lastEmptyLines));
        this.lastEndLine = endLine;
        this.lastSkipEndLine = endLine;
        this.lastEmptyLines = emptyLines;

        const message = error?.message ?? 'unreadable CSV record';
        if (error?.code === 'CSV_MAX_RECORD_SIZE') {
          // csv-parse 6.2 reads no further records after this error, so report that the rest was lost.
          handler.malformed(startLine, 'record_too_large', `record is longer than ${options.maxRecordBytes} bytes`);
          handler.stopped(
            startLine,
            `stopped at line ${startLine}: a record exceeded ${options.maxRecordBytes} bytes, usually because of an unclosed quote; the rest of the file was not read`,
          );
        } else if (error?.code === 'CSV_QUOTE_NOT_CLOSED') {
          handler.malformed(
            startLine,
            'malformed_csv',
            `the quote opened in this record is never closed, so lines ${startLine}-${endLine} were read as one record`,
          );
        } else {
          handler.malformed(startLine, 'malformed_csv', message);
        }
        return undefined;
      },
    });

    this.done = new Promise<void>((resolve, reject) => {
      this.parser.on('error', reject);
      this.parser.on('end', resolve);
    });
    // A parse error is raised by write() or end(), whichever awaits it first.
    this.done.catch(() => {});
    // No record is pushed (on_record returns null); resume() lets the stream reach 'end'.
    this.parser.resume();
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.parser.write(chunk)) return;
    const drained = new Promise<void>((resolve) => this.parser.once('drain', resolve));
    await Promise.race([drained, this.done]);
  }

  async end(): Promise<void> {
    this.parser.end();
    await this.done;
  }
}
