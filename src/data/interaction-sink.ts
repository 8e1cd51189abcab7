/**
 * Validation of interaction rows for one input file, shared by the canonical reader and every
 * adapter: ids, time (format detection, future check) and the order count, then the append.
 */
import { checkId, quoteValue } from './cell-values.js';
import type { IngestReportBuilder, TableCounter } from './ingest-report.js';
import type { InteractionBuilder } from './interaction-builder.js';
import { formatTime, TimestampParser } from './timestamps.js';

export class InteractionSink {
  /** Per-file parser; its detected format is reported under the file name. */
  readonly timestamps = new TimestampParser();
  private previousTime = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly builder: InteractionBuilder,
    readonly counter: TableCounter,
    /** Latest accepted time, ms since the epoch. */
    private readonly now: number,
  ) {
    builder.startFile(counter);
  }

  /** Rejects the row unless both ids are valid; returns whether they are. */
  checkIds(line: number, userId: string, articleId: string): boolean {
    const userProblem = checkId(userId);
    if (userProblem !== null) {
      if (userProblem === 'missing') this.counter.reject(line, 'missing_user_id', 'user_id is empty');
      else this.counter.reject(line, 'invalid_id', `user_id ${quoteValue(userId)} contains a control character or is too long`);
      return false;
    }

    const articleProblem = checkId(articleId);
    if (articleProblem !== null) {
      if (articleProblem === 'missing') this.counter.reject(line, 'missing_article_id', 'article_id is empty');
      else this.counter.reject(line, 'invalid_id', `article_id ${quoteValue(articleId)} contains a control character or is too long`);
      return false;
    }
    return true;
  }

  /** Parses a time cell with the file's detected format; rejects the row and returns NaN when invalid. */
  parseTime(line: number, text: string): number {
    const time = this.timestamps.parse(text);
    if (Number.isNaN(time)) {
      const reason = this.timestamps.problem === 'empty' ? 'missing_timestamp' : 'invalid_timestamp';
      this.counter.reject(line, reason, this.timestamps.describeProblem(text));
    }
    return time;
  }

  /**
   * Appends a row whose ids and flags are already valid, unless its time is after `now`.
   * Returns whether it was appended.
   */
  append(line: number, userId: string, articleId: string, time: number, click: number, readTime: number, like: number): boolean {
    if (time > this.now) {
      this.counter.reject(
        line,
        'future_timestamp',
        `timestamp ${formatTime(time)} is after the load time ${formatTime(this.now)}`,
      );
      return false;
    }

    if (time < this.previousTime) this.counter.outOfOrder += 1;
    this.previousTime = time;
    this.builder.push(userId, articleId, time, click, readTime, like);
    this.counter.accept();
    return true;
  }

  /** Checks ids, parses the time and appends: the whole path for adapters whose flags are derived, not read. */
  add(line: number, userId: string, articleId: string, timeText: string, click: number, readTime: number, like: number): boolean {
    if (!this.checkIds(line, userId, articleId)) return false;
    const time = this.parseTime(line, timeText);
    if (Number.isNaN(time)) return false;
    return this.append(line, userId, articleId, time, click, readTime, like);
  }

  /** Reports the detected timestamp format and warns when the file yielded no rows. */
  close(report: IngestReportBuilder): void {
    report.setTimestampFormat(this.counter.file, this.timestamps.format);
    if (this.counter.read > 0 && this.counter.accepted === 0) {
      report.warn(
        this.counter.file,
        'no_rows_accepted',
        `${this.counter.file}: all ${this.counter.read} records were rejected; see the rejects for reasons`,
      );
    }
  }
}
