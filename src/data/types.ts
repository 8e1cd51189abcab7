/**
 * Canonical tables: what every reader and adapter produces and every later stage consumes.
 *
 * Interactions are columnar because real logs are large (Globo.com: 3M clicks). Raw ids are
 * strings (some public ids exceed 2^53) interned once into dense codes; the code is an index
 * into `userIds` / `articleIds`. Missing optional values are explicit: -1 for the 0/1 columns
 * and NaN for read time, never 0.
 */

/** Value stored in `click` / `like` when the source has no such column or the cell is empty. */
export const MISSING_FLAG = -1;

export interface InteractionTable {
  /** Number of rows. */
  size: number;
  /** Dictionary: user code → raw user id. Contains users of the user table without rows too. */
  userIds: string[];
  /** Dictionary: article code → raw article id. Contains articles with and without metadata. */
  articleIds: string[];
  /** [size] user code of each row. */
  user: Int32Array;
  /** [size] article code of each row. */
  article: Int32Array;
  /** [size] event time in milliseconds since the Unix epoch (UTC). Rows are sorted by it. */
  timestamp: Float64Array;
  /** [size] 1 clicked, 0 shown but not clicked, MISSING_FLAG unknown. */
  click: Int8Array;
  /** [size] seconds spent reading, NaN unknown. */
  readTime: Float32Array;
  /** [size] 1 liked, 0 not liked, MISSING_FLAG unknown. */
  like: Int8Array;
}

export interface Article {
  articleId: string;
  title: string;
  text: string;
  category: string | null;
  tags: string[];
  author: string | null;
  /** Milliseconds since the Unix epoch, or null when the source does not state it. */
  publishedAt: number | null;
  /**
   * Number of words in the article body as stated by the source (Globo.com `words_count`).
   * Absent when the source does not state it; count the words of `text` instead.
   */
  wordCount?: number;
}

export interface User {
  userId: string;
  preferredTopics: string[];
  /** Milliseconds since the Unix epoch, or null when unknown. */
  signupDate: number | null;
}

/** One rejected input row, as written to the rejects file. */
export interface RejectedRow {
  file: string;
  /** 1-based physical line where the record starts (the header is line 1 in CSV). */
  line: number;
  /** Stable machine-readable reason code, e.g. `invalid_timestamp`. */
  reason: string;
  /** Human-readable explanation naming the offending value and the fix. */
  message: string;
}

/**
 * Counts for one input file. `read` counts records (a CSV/TSV row or JSONL line after the header;
 * blank lines are not records), and `read = accepted + rejected + duplicatesMerged` is true for
 * every file. Adapters whose source row contains several interactions (MIND behaviors) count each interaction
 * entry as a record; docs/data-formats.md lists which.
 */
export interface TableReport {
  file: string;
  /** psv: `|`-separated values (MovieLens u.item). */
  format: 'csv' | 'tsv' | 'psv' | 'jsonl';
  /** Canonical table the file feeds. Set by every reader in src/data. */
  table?: 'interactions' | 'articles' | 'users';
  read: number;
  accepted: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  duplicatesMerged: number;
  /** Accepted records whose time is earlier than the previous accepted record of the same file. */
  outOfOrder?: number;
  /** Text fields cut to the maximum text length (the rows themselves are accepted). */
  truncatedFields?: number;
}

/** A problem with a whole file that did not stop the load, e.g. a header-only file. */
export interface IngestWarning {
  file: string;
  /** Stable machine-readable code, e.g. `header_only`. */
  code: string;
  message: string;
}

export interface IngestReport {
  tables: TableReport[];
  /**
   * Detected timestamp format per file: 'iso8601' | 'unix_seconds' | 'unix_milliseconds',
   * or a source format an adapter names: 'us_date_12h' (MIND's "11/13/2019 5:53:12 AM", read as
   * UTC) or 'dd-Mon-yyyy' (MovieLens 100K release dates).
   */
  timestampFormats: Record<string, string>;
  /** Interactions whose article has no row in the article table (kept, counted). */
  interactionsWithUnknownArticle: number;
  /** Interactions whose user has no row in the user table, when a user table was given. */
  interactionsWithUnknownUser: number;
  /**
   * The first `maxRejectsInMemory` rejected rows. Every rejected row goes to the rejects file
   * when the caller asked for one.
   */
  rejects: RejectedRow[];
  /** Rejected rows counted but not kept in `rejects` because of the in-memory limit. */
  rejectsOmitted?: number;
  /** File-level problems that did not stop the load. Set by every reader in src/data. */
  warnings?: IngestWarning[];
}

/** Everything one data folder or adapter yields. */
export interface Dataset {
  name: string;
  interactions: InteractionTable;
  /** Keyed by raw article id. May cover only part of the interacted articles. */
  articles: Map<string, Article>;
  /** Keyed by raw user id. Empty when the source has no user table. */
  users: Map<string, User>;
  report: IngestReport;
}
