/**
 * Opens an input file as a stream of byte chunks, decompressing gzip transparently. Gzip is
 * recognised by its magic bytes (1f 8b), not by the `.gz` name, so a misnamed file still reads.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

import { IngestError } from '../errors.js';

export interface OpenInputOptions {
  /**
   * Size of the chunks read from disk in bytes (default 64 KiB). Tests set it small to put chunk
   * boundaries inside records and multi-byte characters.
   */
  chunkBytes?: number;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** Returns the decompressed bytes of `path` as a stream; throws INGEST_INPUT_NOT_FOUND when it cannot be opened. */
export async function openInput(path: string, options: OpenInputOptions = {}): Promise<Readable> {
  const gzip = await startsWithGzipMagic(path);
  // At least 16 bytes, so a UTF-8 byte order mark always sits inside the first chunk.
  const highWaterMark = Math.max(16, options.chunkBytes ?? 65_536);
  const file = createReadStream(path, { highWaterMark });
  if (!gzip) return file;

  const gunzip = createGunzip({ chunkSize: Math.max(highWaterMark, 64) });
  // pipeline destroys the gunzip stream with the source's error, so the consumer's loop throws.
  pipeline(file, gunzip, () => {});
  return gunzip;
}

async function startsWithGzipMagic(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new IngestError(
      'INGEST_INPUT_NOT_FOUND',
      `Cannot open ${path}: ${(error as Error).message}. Check the path and its read permission.`,
      { path },
      { cause: error },
    );
  }

  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
  } finally {
    await handle.close();
  }
}

/** Wraps a stream error (corrupt gzip, I/O failure) in INGEST_UNREADABLE_FILE naming the file. */
export function unreadableFileError(path: string, error: unknown): IngestError {
  if (error instanceof IngestError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new IngestError(
    'INGEST_UNREADABLE_FILE',
    `Cannot read ${path}: ${message}. If the file is gzip, check that it is complete (gzip -t).`,
    { path },
    { cause: error },
  );
}
