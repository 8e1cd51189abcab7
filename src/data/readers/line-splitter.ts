/**
 * Splits a byte stream into lines without reading the file into one string.
 *
 * Each chunk's complete lines are decoded in one call and sliced, which is several times faster
 * than decoding line by line. Splitting happens on the 0x0A byte, which never occurs inside a
 * UTF-8 multi-byte character, so characters cut by a chunk boundary are decoded whole. A trailing
 * `\r` is removed (CRLF files). Empty lines are counted but not emitted.
 */

/** Called per non-empty line; return true to stop and take over the bytes from this line on. */
export type LineHandler = (line: string, lineNumber: number) => boolean | void;

/** Called for a line longer than the limit; its bytes were dropped without being decoded. */
export type TooLongHandler = (lineNumber: number) => void;

const NEWLINE = 0x0a;

export class LineSplitter {
  /** 1-based number of the last line seen (emitted, skipped as empty or dropped as too long). */
  lineNumber = 0;

  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private skippingLongLine = false;
  private atStart = true;

  constructor(
    private readonly encoding: 'utf8' | 'latin1',
    private readonly maxLineBytes: number,
    private readonly onLine: LineHandler,
    private readonly onTooLong: TooLongHandler,
  ) {}

  /**
   * Consumes one chunk. Returns null, or the unconsumed bytes starting at the line whose handler
   * returned true; the splitter must not be used after that.
   */
  push(input: Buffer): Buffer | null {
    let chunk = this.stripByteOrderMark(input);

    if (this.skippingLongLine) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) return null;
      this.skippingLongLine = false;
      this.lineNumber += 1;
      this.onTooLong(this.lineNumber);
      chunk = chunk.subarray(newline + 1);
    }

    if (this.pendingBytes > 0) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) {
        this.addPending(chunk);
        return null;
      }
      const lineBytes = Buffer.concat([...this.pending, chunk.subarray(0, newline)]);
      this.pending = [];
      this.pendingBytes = 0;
      if (this.emit(lineBytes.toString(this.encoding))) {
        return Buffer.concat([lineBytes, chunk.subarray(newline)]);
      }
      chunk = chunk.subarray(newline + 1);
    }

    return this.splitChunk(chunk);
  }

  /** Emits the last line when the input does not end with a newline. Returns unconsumed bytes as `push` does. */
  end(): Buffer | null {
    if (this.skippingLongLine) {
      this.skippingLongLine = false;
      this.lineNumber += 1;
      this.onTooLong(this.lineNumber);
      return null;
    }
    if (this.pendingBytes === 0) return null;

    const lineBytes = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    return this.emit(lineBytes.toString(this.encoding)) ? lineBytes : null;
  }

  private splitChunk(chunk: Buffer): Buffer | null {
    const lastNewline = chunk.lastIndexOf(NEWLINE);
    if (lastNewline === -1) {
      this.addPending(chunk);
      return null;
    }

    const text = chunk.toString(this.encoding, 0, lastNewline + 1);
    let start = 0;
    let linesInChunk = 0;
    while (start < text.length) {
      const end = text.indexOf('\n', start);
      if (this.emit(text.slice(start, end))) {
        return chunk.subarray(byteOffsetOfLine(chunk, linesInChunk));
      }
      linesInChunk += 1;
      start = end + 1;
    }

    this.addPending(chunk.subarray(lastNewline + 1));
    return null;
  }

  /** Counts the line and hands it to the handler; returns true when the handler takes over. */
  private emit(rawLine: string): boolean {
    this.lineNumber += 1;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.length === 0) return false;
    if (line.length > this.maxLineBytes) {
      this.onTooLong(this.lineNumber);
      return false;
    }
    return this.onLine(line, this.lineNumber) === true;
  }

  private addPending(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes > this.maxLineBytes) {
      // Drop what we hold and discard bytes until the next newline, so memory stays bounded.
      this.pending = [];
      this.pendingBytes = 0;
      this.skippingLongLine = true;
    }
  }

  private stripByteOrderMark(chunk: Buffer): Buffer {
    if (!this.atStart || chunk.length === 0) return chunk;
    this.atStart = false;
    const bom = this.encoding === 'utf8' && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
    return bom ? chunk.subarray(3) : chunk;
  }
}

/** Byte offset just after the `lineIndex`-th newline of `chunk` (0 for the first line). */
function byteOffsetOfLine(chunk: Buffer, lineIndex: number): number {
  let offset = 0;
  for (let i = 0; i < lineIndex; i += 1) offset = chunk.indexOf(NEWLINE, offset) + 1;
  return offset;
}
