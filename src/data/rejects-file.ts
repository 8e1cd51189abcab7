/**
 * Rejects files: one JSON object per line, `{"file","line","reason","message"}`, in the order
 * the rows were rejected.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';

import { IngestError } from './errors.js';
import type { RejectedRow } from './types.js';

/** Writes `rejects` to `path` as JSONL, replacing the file. An empty list writes an empty file. */
export async function writeRejects(path: string, rejects: readonly RejectedRow[]): Promise<void> {
  const lines = rejects.map((row) => formatReject(row));
  try {
    await writeFile(path, lines.join(''), 'utf8');
  } catch (error) {
    throw new IngestError(
      'INGEST_WRITE_FAILED',
      `Cannot write the rejects file ${path}: ${(error as Error).message}. Choose a writable path.`,
      { path },
      { cause: error },
    );
  }
}

/**
 * Appends rejected rows to a file while a load runs, so a load with millions of bad rows does
 * not have to keep them all in memory. Writes are buffered (64 KiB) and synchronous, which keeps
 * rejects in order without awaiting inside the row loop.
 */
export class RejectsWriter {
  private readonly fd: number;
  private buffer: string[] = [];
  private bufferedChars = 0;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'w');
    } catch (error) {
      throw new IngestError(
        'INGEST_WRITE_FAILED',
        `Cannot create the rejects file ${path}: ${(error as Error).message}. Choose a writable path.`,
        { path },
        { cause: error },
      );
    }
  }

  write(row: RejectedRow): void {
    const line = formatReject(row);
    this.buffer.push(line);
    this.bufferedChars += line.length;
    if (this.bufferedChars >= 65_536) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.bufferedChars = 0;
  }
}

function formatReject(row: RejectedRow): string {
  return `${JSON.stringify({ file: row.file, line: row.line, reason: row.reason, message: row.message })}\n`;
}
