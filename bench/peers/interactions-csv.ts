/**
 * Reads a canonical interactions CSV into the training examples of the peer benchmark.
 * pytorch_peer.py applies the same rules, so both languages see the same examples and tables:
 *
 * - Columns are found by name in the header; `user_id` and `article_id` are required and
 *   `click` is optional. Other columns (timestamp, read_time, like) are ignored.
 * - A row with click = 0 is an impression without a click and is skipped; click = 1 or an empty
 *   or absent click column makes the row one positive example.
 * - Table rows are assigned in order of first appearance among the examples, starting at 1,
 *   because row 0 is the out-of-vocabulary row that every table keeps.
 */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';

import { parse } from 'csv-parse';

import { PeerError } from './peer-error.js';

export interface TrainingExamples {
  /** Number of examples (positive interactions). */
  size: number;
  /** [size] user table row of each example, in 1..users. */
  userRow: Int32Array;
  /** [size] article table row of each example, in 1..articles. */
  articleRow: Int32Array;
  /** Distinct users; the user table has users + 1 rows. */
  users: number;
  /** Distinct articles; the article table has articles + 1 rows. */
  articles: number;
  /** Data rows read from the file, header excluded. */
  rowsRead: number;
  /** Rows skipped because click = 0. */
  rowsSkippedNoClick: number;
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/**
 * Reads `file` and returns its examples. Raises PEER_DATA_INVALID, naming the line and value,
 * when the file is missing, a required column is absent, an id is empty or a click is not
 * 0, 1 or empty.
 */
export async function loadTrainingExamples(file: string): Promise<TrainingExamples> {
  try {
    await access(file);
  } catch (error) {
    throw new PeerError(
      'PEER_DATA_INVALID',
      `interactions file ${file} not found; pass --data with a CSV made by ` +
        '`readnext generate` or bench/peers/make-synthetic-data.ts.',
      { cause: error },
    );
  }

  const parser = createReadStream(file).pipe(parse({ info: true, bom: true }));
  const userIndex = new Map<string, number>();
  const articleIndex = new Map<string, number>();
  let userRow: Int32Array = new Int32Array(1 << 16);
  let articleRow: Int32Array = new Int32Array(1 << 16);
  let size = 0;
  let rowsRead = 0;
  let rowsSkippedNoClick = 0;
  let columns: { user: number; article: number; click: number } | undefined;

  try {
    for await (const { record, info } of parser as AsyncIterable<ParsedRecord>) {
      if (columns === undefined) {
        columns = findColumns(file, record);
        continue;
      }
      rowsRead++;

      const click = columns.click < 0 ? '' : (record[columns.click] ?? '');
      if (click === '0') {
        rowsSkippedNoClick++;
        continue;
      }
      if (click !== '1' && click !== '') {
        throw new PeerError(
          'PEER_DATA_INVALID',
          `${file} line ${info.lines}: click "${click}" is invalid; use 0, 1 or leave it empty.`,
        );
      }

      const user = record[columns.user] ?? '';
      const article = record[columns.article] ?? '';
      if (user === '' || article === '') {
        const column = user === '' ? 'user_id' : 'article_id';
        throw new PeerError('PEER_DATA_INVALID', `${file} line ${info.lines}: ${column} is empty; every row needs one.`);
      }

      if (size === userRow.length) {
        userRow = grow(userRow);
        articleRow = grow(articleRow);
      }
      userRow[size] = rowOf(userIndex, user);
      articleRow[size] = rowOf(articleIndex, article);
      size++;
    }
  } catch (error) {
    if (error instanceof PeerError) throw error;
    throw new PeerError('PEER_DATA_INVALID', `${file} could not be parsed as CSV: ${(error as Error).message}`, {
      cause: error,
    });
  }

  if (columns === undefined || size === 0) {
    throw new PeerError('PEER_DATA_INVALID', `${file} has no examples (rows with click 1 or empty); check the file.`);
  }
  return {
    size,
    userRow: userRow.slice(0, size),
    articleRow: articleRow.slice(0, size),
    users: userIndex.size,
    articles: articleIndex.size,
    rowsRead,
    rowsSkippedNoClick,
  };
}

function findColumns(file: string, header: string[]): { user: number; article: number; click: number } {
  const names = header.map((name) => name.trim());
  const user = names.indexOf('user_id');
  const article = names.indexOf('article_id');
  if (user < 0 || article < 0) {
    throw new PeerError(
      'PEER_DATA_INVALID',
      `${file} header "${header.join(',')}" lacks user_id or article_id; ` +
        'expected user_id,article_id,timestamp,click,read_time,like.',
    );
  }
  return { user, article, click: names.indexOf('click') };
}

/** Returns the table row of `id`, assigning the next free row (from 1) on first sight. */
function rowOf(index: Map<string, number>, id: string): number {
  let row = index.get(id);
  if (row === undefined) {
    row = index.size + 1;
    index.set(id, row);
  }
  return row;
}

function grow(array: Int32Array): Int32Array {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}
