/**
 * Reader for the canonical interactions table (interactions.csv / .jsonl, optionally .gz).
 * Columns: user_id, article_id, timestamp (required); click, read_time, like (optional; a
 * missing column or empty cell is MISSING_FLAG / NaN, never 0).
 */
import { INVALID_FLAG, parseFlag, parseReadTime, quoteValue } from './cell-values.js';
import { IngestError } from './errors.js';
import type { InteractionBuilder } from './interaction-builder.js';
import { InteractionSink } from './interaction-sink.js';
import type { LoadContext } from './load-options.js';
import { readTable, tableFormatOf, type ColumnSpec } from './readers/table-reader.js';

export const INTERACTION_COLUMNS: readonly ColumnSpec[] = [
  { name: 'user_id', required: true },
  { name: 'article_id', required: true },
  { name: 'timestamp', required: true },
  { name: 'click', required: false },
  { name: 'read_time', required: false },
  { name: 'like', required: false },
];

/**
 * Reads one canonical interactions file into `builder`. `file` is the name used in reports.
 * Throws INGEST_EMPTY_FILE for a file without header and rows; a header-only file yields no rows
 * and a `header_only` warning.
 */
export async function readInteractionsFile(
  path: string,
  file: string,
  builder: InteractionBuilder,
  context: LoadContext,
): Promise<void> {
  const { report } = context;
  const counter = report.openTable(file, 'interactions', tableFormatOf(path) ?? 'csv');
  const sink = new InteractionSink(builder, counter, context.options.now);

  const result = await readTable(path, INTERACTION_COLUMNS, counter, report, context.limits, (values, line) => {
    const [userId, articleId, timeText, clickText, readTimeText, likeText] = values;
    if (!sink.checkIds(line, userId, articleId)) return;

    const time = sink.parseTime(line, timeText);
    if (Number.isNaN(time)) return;

    const click = parseFlag(clickText);
    if (click === INVALID_FLAG) {
      counter.reject(line, 'invalid_click', `click ${quoteValue(clickText)} is not 0, 1, true or false`);
      return;
    }
    const readTime = parseReadTime(readTimeText);
    if (readTime < 0) {
      counter.reject(line, 'invalid_read_time', `read_time ${quoteValue(readTimeText)} is not a finite number of seconds >= 0`);
      return;
    }
    const like = parseFlag(likeText);
    if (like === INVALID_FLAG) {
      counter.reject(line, 'invalid_like', `like ${quoteValue(likeText)} is not 0, 1, true or false`);
      return;
    }

    sink.append(line, userId, articleId, time, click, readTime, like);
  });

  if (result.empty) {
    throw new IngestError(
      'INGEST_EMPTY_FILE',
      `${file} is empty: it has no header and no rows. Write the header ` +
        `user_id,article_id,timestamp[,click,read_time,like] and at least one interaction.`,
      { file },
    );
  }
  if (counter.read === 0) {
    report.warn(file, 'header_only', `${file} has a header but no rows, so the interaction table is empty`);
  }
  sink.close(report);
}
