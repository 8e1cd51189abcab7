/**
 * Parsing of single cell values shared by every reader and adapter. Cells arrive as strings
 * (CSV fields, or JSONL values converted by the JSONL reader); an empty string means missing.
 */
import { MISSING_FLAG } from './types.js';

/** Returned by `parseFlag` for a value that is neither 0/1/true/false nor empty. */
export const INVALID_FLAG = -2;

/** Maximum id length in UTF-16 code units. Longer values are almost always a shifted column. */
export const MAX_ID_CHARS = 1024;

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

// C0 controls and DEL: a line break or NUL inside an id breaks every later line-based format.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Parses a 0/1 flag: "1"/"true" → 1, "0"/"false" → 0 (case-insensitive), "" → MISSING_FLAG, else INVALID_FLAG. */
export function parseFlag(text: string): number {
  if (text.length === 0) return MISSING_FLAG;
  if (text === '1') return 1;
  if (text === '0') return 0;

  const lower = text.toLowerCase();
  if (lower === 'true') return 1;
  if (lower === 'false') return 0;
  return INVALID_FLAG;
}

/**
 * Parses seconds of reading time: "" → NaN (missing). Returns -1 for anything that is not a
 * finite decimal number >= 0 (text, "NaN", "Infinity", negative), which callers reject.
 */
export function parseReadTime(text: string): number {
  if (text.length === 0) return Number.NaN;
  if (!DECIMAL.test(text)) return -1;

  const seconds = Number(text);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : -1;
}

/** Parses a plain decimal number (no hex, no "Infinity"); NaN when the text is not one. */
export function parseDecimal(text: string): number {
  return DECIMAL.test(text) ? Number(text) : Number.NaN;
}

/**
 * Returns why `id` cannot be an id ('missing' or 'invalid'), or null when it is valid.
 * Ids are kept verbatim as strings: "007" and "7" are different ids, and 64-bit ids keep all digits.
 */
export function checkId(id: string): 'missing' | 'invalid' | null {
  if (id.length === 0) return 'missing';
  if (id.length > MAX_ID_CHARS) return 'invalid';
  return hasControlCharacter(id) ? 'invalid' : null;
}

function hasControlCharacter(text: string): boolean {
  // A plain loop beats the regular expression on the short ids of the hot path.
  if (text.length > 64) return CONTROL_CHARACTER.test(text);
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * Parses a list cell (tags, preferred_topics). A cell starting with `[` must be a JSON array of
 * strings or numbers. Otherwise the separator is the first of `|`, `;`, `,` that occurs in the
 * cell, so "a|b;c" → ["a", "b;c"]. Items are trimmed; empty items and repeats are dropped, and the
 * first occurrence keeps its place. Returns null for an invalid JSON array.
 */
export function parseList(text: string): string[] | null {
  const trimmed = text.trim();
  if (trimmed.length === 0) return [];

  let items: string[];
  if (trimmed.startsWith('[')) {
    const parsed = parseJsonArray(trimmed);
    if (parsed === null) return null;
    items = parsed;
  } else {
    items = trimmed.split(listSeparator(trimmed));
  }

  const seen = new Set<string>();
  const result: string[] = [];
  for (const item of items) {
    const value = item.trim();
    if (value.length === 0 || seen.has(value)) continue;
    seen.add(value);
    result.push(value);
  }
  return result;
}

function listSeparator(text: string): string {
  if (text.includes('|')) return '|';
  if (text.includes(';')) return ';';
  return ',';
}

function parseJsonArray(text: string): string[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;

  const items: string[] = [];
  for (const item of parsed) {
    if (typeof item === 'string') items.push(item);
    else if (typeof item === 'number' && Number.isFinite(item)) items.push(String(item));
    else return null;
  }
  return items;
}

/**
 * Cuts `text` to at most `maxChars` UTF-16 code units without splitting a surrogate pair.
 * Returns the text unchanged when it fits.
 */
export function truncateText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;

  let end = maxChars;
  const last = text.charCodeAt(end - 1);
  // A high surrogate at the cut would be left without its low half.
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/** Quotes a cell value for a message, cutting long values so messages stay one readable line. */
export function quoteValue(text: string): string {
  const preview = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return JSON.stringify(preview);
}
