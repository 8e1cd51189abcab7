/**
 * Timestamp parsing with per-file format detection.
 *
 * Accepted forms: ISO 8601 (date, or date and time with an optional zone; no zone means UTC), Unix
 * seconds and Unix milliseconds. Numeric values are distinguished by magnitude: below 1e11 they are
 * seconds (1e11 s is the year 5138), from 1e11 up they are milliseconds (1e11 ms is 1973-03-03),
 * so millisecond times before March 1973 would be read as seconds. The first valid value of a
 * file fixes its format. A later value in another format is rejected rather than guessed,
 * because a file that mixes seconds and milliseconds has a bug upstream.
 */

export type TimestampFormat = 'iso8601' | 'unix_seconds' | 'unix_milliseconds';

/** Reason for a NaN from `parse`. */
export type TimestampProblem =
  | 'empty'
  | 'not_a_time'
  | 'negative'
  | 'out_of_range'
  | 'format_mismatch';

/** Numeric times from this magnitude up are milliseconds; below it, seconds. */
export const MILLISECONDS_THRESHOLD = 1e11;

/** Latest accepted time in ms (year 5138); anything larger is a corrupt value, not a date. */
const MAX_TIME_MS = 1e14;

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Plain decimal number: digits with an optional sign, fraction and exponent (no hex, no Infinity). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses one file's time column. Create one per file: the detected format is the file's state.
 */
export class TimestampParser {
  /** Format fixed by the first valid value, or null before any valid value was seen. */
  format: TimestampFormat | null = null;
  /** Reason for the last NaN returned by `parse`. */
  problem: TimestampProblem = 'empty';

  /** Returns the time in ms since the Unix epoch (UTC), or NaN with `problem` set. */
  parse(text: string): number {
    if (text.length === 0) {
      this.problem = 'empty';
      return Number.NaN;
    }

    if (isDigits(text)) return this.parseUnix(Number(text));
    const first = text.charCodeAt(0);
    const looksNumeric = (first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46;
    if (looksNumeric && DECIMAL.test(text)) return this.parseUnix(Number(text));
    return this.parseIso(text);
  }

  /** Describes the last failure for a reject message. */
  describeProblem(text: string): string {
    switch (this.problem) {
      case 'empty':
        return 'timestamp is empty';
      case 'negative':
        return `timestamp "${text}" is before 1970-01-01`;
      case 'out_of_range':
        return `timestamp "${text}" is beyond the year 5138`;
      case 'format_mismatch':
        return `timestamp "${text}" is not in this file's format (${this.format ?? 'none'}), detected from its first valid value`;
      case 'not_a_time':
        return `timestamp "${text}" is not ISO 8601 (2024-05-01T12:00:00Z), Unix seconds or Unix milliseconds`;
    }
  }

  private parseUnix(value: number): number {
    if (value < 0) {
      this.problem = 'negative';
      return Number.NaN;
    }
    const format: TimestampFormat = value < MILLISECONDS_THRESHOLD ? 'unix_seconds' : 'unix_milliseconds';
    if (!this.accepts(format)) return Number.NaN;

    const ms = format === 'unix_seconds' ? Math.round(value * 1000) : Math.round(value);
    if (ms > MAX_TIME_MS) {
      this.problem = 'out_of_range';
      return Number.NaN;
    }
    return ms;
  }

  private parseIso(text: string): number {
    const ms = parseIso8601(text);
    if (Number.isNaN(ms)) {
      this.problem = 'not_a_time';
      return Number.NaN;
    }
    if (!this.accepts('iso8601')) return Number.NaN;
    if (ms < 0) {
      this.problem = 'negative';
      return Number.NaN;
    }
    return ms;
  }

  private accepts(format: TimestampFormat): boolean {
    if (this.format === null) {
      this.format = format;
      return true;
    }
    if (this.format === format) return true;
    this.problem = 'format_mismatch';
    return false;
  }
}

/**
 * Parses ISO 8601 / RFC 3339 text to ms since the epoch, or NaN. Accepts `YYYY-MM-DD`, then
 * optionally `T` or a space, `hh:mm`, `:ss`, a fraction (`.` or `,`, cut to ms) and a zone
 * (`Z`, `±hh`, `±hhmm`, `±hh:mm`). Without a zone the time is UTC. Calendar fields are checked
 * (no February 30, no hour 24, no leap second).
 */
export function parseIso8601(text: string): number {
  const fast = parseCompactUtc(text);
  if (fast !== null) return fast;

  const match = ISO_8601.exec(text);
  if (match === null) return Number.NaN;

  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = match[4] === undefined ? 0 : Number(match[4]);
  const minute = match[5] === undefined ? 0 : Number(match[5]);
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const millisecond = match[7] === undefined ? 0 : Number(match[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  if (hour > 23 || minute > 59 || second > 59) return Number.NaN;

  const offsetMinutes = match[8] === undefined ? 0 : parseZoneOffset(match[8]);
  if (Number.isNaN(offsetMinutes)) return Number.NaN;
  return utcMilliseconds(year, month, day, hour, minute, second, millisecond) - offsetMinutes * 60_000;
}

/**
 * Parses the most common shape, `YYYY-MM-DDThh:mm:ssZ` (20 characters), without a regular
 * expression; it is the canonical CSV writer's format. Returns null for any other shape, NaN
 * for an invalid calendar value.
 */
function parseCompactUtc(text: string): number | null {
  if (text.length !== 20 || text.charCodeAt(19) !== 90 /* Z */ || text.charCodeAt(10) !== 84 /* T */) return null;
  if (text[4] !== '-' || text[7] !== '-' || text[13] !== ':' || text[16] !== ':') return null;

  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  if (hour > 23 || minute > 59 || second > 59) return Number.NaN;
  return utcMilliseconds(year, month, day, hour, minute, second, 0);
}

/** Reads `length` decimal digits at `start`; returns -1 when one of them is not a digit. */
function digitsAt(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Parses MIND's `MM/DD/YYYY h:mm:ss AM|PM` (no zone; read as UTC) to ms, or NaN.
 * Example: "11/13/2019 5:53:12 AM" → 2019-11-13T05:53:12Z.
 */
export function parseUsDate12h(text: string): number {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) ([AP]M)$/.exec(text);
  if (match === null) return Number.NaN;

  const month = Number(match[1]);
  const day = Number(match[2]);
  const year = Number(match[3]);
  const hour12 = Number(match[4]);
  const minute = Number(match[5]);
  const second = Number(match[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  if (hour12 < 1 || hour12 > 12 || minute > 59 || second > 59) return Number.NaN;

  // 12 AM is midnight and 12 PM is noon.
  const hour = (hour12 % 12) + (match[7] === 'PM' ? 12 : 0);
  return utcMilliseconds(year, month, day, hour, minute, second, 0);
}

function utcMilliseconds(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second, millisecond);

  // Date.UTC maps years 0-99 to 1900-1999, so set the full year explicitly.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millisecond);
  return date.getTime();
}

/** True for plain unsigned integers (the common Unix time), checked without a regular expression. */
function isDigits(text: string): boolean {
  if (text.length > 20) return false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

function parseZoneOffset(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return Number.NaN;
  return sign * (hours * 60 + minutes);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Formats ms since the epoch as ISO 8601 UTC for messages; "invalid time" for non-finite input. */
export function formatTime(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : 'invalid time';
}
