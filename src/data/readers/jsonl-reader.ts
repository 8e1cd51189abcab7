/**
 * Streaming JSONL reader: one JSON object per line, blank lines skipped.
 */
import { LineSplitter } from './line-splitter.js';
import { openInput, unreadableFileError } from './open-input.js';

export interface JsonlReaderOptions {
  /** Maximum line size in bytes; longer lines are skipped unparsed and reported as `record_too_large`. */
  maxRecordBytes: number;
  /** Read chunk size in bytes (tests only). */
  chunkBytes?: number;
}

export interface JsonObjectHandler {
  object(value: Record<string, unknown>, line: number): void;
  malformed(line: number, reason: 'malformed_json' | 'record_too_large', message: string): void;
}

/** Reads `path` line by line and hands each parsed object to `handler`. */
export async function readJsonl(path: string, options: JsonlReaderOptions, handler: JsonObjectHandler): Promise<void> {
  const input = await openInput(path, { chunkBytes: options.chunkBytes });
  const splitter = new LineSplitter(
    'utf8',
    options.maxRecordBytes,
    (line, lineNumber) => {
      handleLine(line, lineNumber, handler);
    },
    (lineNumber) =>
      handler.malformed(lineNumber, 'record_too_large', `line is longer than ${options.maxRecordBytes} bytes and was skipped`),
  );

  try {
    for await (const chunk of input) splitter.push(chunk as Buffer);
    splitter.end();
  } catch (error) {
    input.destroy();
    throw unreadableFileError(path, error);
  }
}

function handleLine(line: string, lineNumber: number, handler: JsonObjectHandler): void {
  if (line.trim().length === 0) return;

  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    handler.malformed(lineNumber, 'malformed_json', `line is not valid JSON: ${(error as Error).message}`);
    return;
  }

  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    handler.malformed(lineNumber, 'malformed_json', `line is ${kind}, expected a JSON object`);
    return;
  }
  handler.object(value as Record<string, unknown>, lineNumber);
}
