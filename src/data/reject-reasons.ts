/**
 * Catalogue of the reasons for rejecting a single input record. Codes are stable: they appear in
 * rejects files, in `IngestReport.tables[].rejectedByReason` and in docs/data-formats.md, which
 * lists the same meaning and fix for each.
 */
export const REJECT_REASONS = {
  malformed_row: {
    meaning: 'The record has a different number of fields than the header.',
    fix: 'Quote fields that contain the delimiter or a line break (RFC 4180), or add the missing fields.',
  },
  malformed_csv: {
    meaning: 'csv-parse could not read the record, e.g. a stray quote inside an unquoted field or a quote never closed.',
    fix: 'Escape quotes inside quoted fields by doubling them ("") and quote the whole field.',
  },
  malformed_json: {
    meaning: 'A JSONL line is not valid JSON or is not a JSON object.',
    fix: 'Write one JSON object per line, e.g. {"user_id":"u1","article_id":"a1","timestamp":"2024-01-01T00:00:00Z"}.',
  },
  record_too_large: {
    meaning: 'The record is longer than maxRecordChars, so it was skipped without being parsed.',
    fix: 'Split or shorten the record, or raise maxRecordBytes.',
  },
  invalid_value: {
    meaning: 'A JSONL value is an object where a string, number, boolean or list is expected.',
    fix: 'Write the value as a plain JSON string, number or boolean.',
  },
  unsafe_integer: {
    meaning: 'A JSONL number is an integer above 2^53, so JSON.parse may already have changed its digits.',
    fix: 'Write large ids as JSON strings, e.g. "9007199254740993".',
  },
  missing_user_id: {
    meaning: 'The user_id cell is empty or absent.',
    fix: 'Give every row a user id.',
  },
  missing_article_id: {
    meaning: 'The article_id cell is empty or absent.',
    fix: 'Give every row an article id.',
  },
  invalid_id: {
    meaning: 'An id contains a control character (such as a line break) or is longer than 1,024 characters.',
    fix: 'Use printable ids of at most 1,024 characters.',
  },
  missing_timestamp: {
    meaning: 'The timestamp cell is empty or absent.',
    fix: 'Give every interaction a time: ISO 8601, Unix seconds or Unix milliseconds.',
  },
  invalid_timestamp: {
    meaning:
      'The time is not ISO 8601 or a non-negative Unix time, or its format differs from the one detected for the file.',
    fix: 'Use one timestamp format per file: ISO 8601 (2024-05-01T12:00:00Z), Unix seconds or Unix milliseconds.',
  },
  future_timestamp: {
    meaning: 'The interaction time is later than the load time (`now`).',
    fix: 'Check the clock or time zone of the source, or pass the intended `now`.',
  },
  invalid_click: {
    meaning: 'The click value is not 0, 1, true or false.',
    fix: 'Write 1 for clicked, 0 for shown but not clicked, or leave the cell empty when unknown.',
  },
  invalid_like: {
    meaning: 'The like value is not 0, 1, true or false.',
    fix: 'Write 1 for liked, 0 for not liked, or leave the cell empty when unknown.',
  },
  invalid_read_time: {
    meaning: 'read_time is not a finite number of seconds >= 0 (NaN, Infinity, negative or text).',
    fix: 'Write seconds as a decimal number, or leave the cell empty when unknown.',
  },
  duplicate_article_id: {
    meaning: 'The article table has a second row for the same article_id with different content.',
    fix: 'Keep one row per article; the first row was kept.',
  },
  duplicate_user_id: {
    meaning: 'The user table has a second row for the same user_id with different content.',
    fix: 'Keep one row per user; the first row was kept.',
  },
  invalid_rating: {
    meaning: 'A MovieLens rating is not a number between 0.5 and 5.',
    fix: 'Check the ratings file for a shifted or corrupted column.',
  },
  unknown_event_type: {
    meaning: 'A DeskDrop eventType is not VIEW, LIKE, BOOKMARK, FOLLOW or COMMENT CREATED.',
    fix: 'Map the new event type in the DeskDrop adapter, or drop those rows before loading.',
  },
  invalid_impression: {
    meaning: 'A MIND impression entry is not "<newsId>-0" or "<newsId>-1".',
    fix: 'Check the impressions column of behaviors.tsv.',
  },
  unknown_article: {
    meaning: 'A row refers to an article that is not in the article table (MovieLens tags.csv).',
    fix: 'Add the article to the article table or drop the row.',
  },
} as const;

export type RejectReason = keyof typeof REJECT_REASONS;
