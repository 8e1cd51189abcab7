/**
 * Counters behind IngestReport: one TableCounter per input file, one IngestReportBuilder per load.
 */
import type { RejectReason } from './reject-reasons.js';
import type { RejectsWriter } from './rejects-file.js';
import type { IngestReport, IngestWarning, RejectedRow, TableReport } from './types.js';

export type TableKind = NonNullable<TableReport['table']>;
export type TableFormat = TableReport['format'];

/**
 * Counts of one file. Readers increment `read` once per record and then call `reject` or
 * `accept` for it. The interactions path later moves accepted rows to `duplicatesMerged` with
 * `mergeDuplicates`, so `read = accepted + rejected + duplicatesMerged` is true once every
 * record read so far is settled.
 */
export class TableCounter {
  read = 0;
  accepted = 0;
  rejected = 0;
  duplicatesMerged = 0;
  outOfOrder = 0;
  truncatedFields = 0;
  readonly rejectedByReason: Record<string, number> = {};

  constructor(
    readonly file: string,
    readonly table: TableKind,
    readonly format: TableFormat,
    private readonly report: IngestReportBuilder,
  ) {}

  accept(): void {
    this.accepted += 1;
  }

  reject(line: number, reason: RejectReason, message: string): void {
    this.rejected += 1;
    this.rejectedByReason[reason] = (this.rejectedByReason[reason] ?? 0) + 1;
    this.report.addReject({ file: this.file, line, reason, message });
  }

  /** Records a duplicate that was never accepted (an adapter merging before the builder). */
  countDuplicate(): void {
    this.duplicatesMerged += 1;
  }

  /** Moves `count` accepted records to duplicates, after the builder found them to be exact copies. */
  mergeDuplicates(count: number): void {
    this.accepted -= count;
    this.duplicatesMerged += count;
  }

  toReport(): TableReport {
    return {
      file: this.file,
      format: this.format,
      table: this.table,
      read: this.read,
      accepted: this.accepted,
      rejected: this.rejected,
      rejectedByReason: { ...this.rejectedByReason },
      duplicatesMerged: this.duplicatesMerged,
      outOfOrder: this.outOfOrder,
      truncatedFields: this.truncatedFields,
    };
  }
}

export interface ReportOptions {
  /** Rejected rows kept in `IngestReport.rejects`; the rest are only counted (and written to the file). */
  maxRejectsInMemory: number;
  /** Receives every rejected row as it happens; null when the caller asked for no rejects file. */
  rejectsWriter: RejectsWriter | null;
}

export class IngestReportBuilder {
  private readonly counters: TableCounter[] = [];
  private readonly warnings: IngestWarning[] = [];
  private readonly timestampFormats: Record<string, string> = {};
  private readonly rejects: RejectedRow[] = [];
  private rejectsOmitted = 0;

  constructor(private readonly options: ReportOptions) {}

  openTable(file: string, table: TableKind, format: TableFormat): TableCounter {
    const counter = new TableCounter(file, table, format, this);
    this.counters.push(counter);
    return counter;
  }

  tables(kind: TableKind): TableCounter[] {
    return this.counters.filter((counter) => counter.table === kind);
  }

  warn(file: string, code: string, message: string): void {
    this.warnings.push({ file, code, message });
  }

  setTimestampFormat(file: string, format: string | null): void {
    if (format !== null) this.timestampFormats[file] = format;
  }

  addReject(row: RejectedRow): void {
    this.options.rejectsWriter?.write(row);
    if (this.rejects.length < this.options.maxRejectsInMemory) this.rejects.push(row);
    else this.rejectsOmitted += 1;
  }

  build(unknown: { interactionsWithUnknownArticle: number; interactionsWithUnknownUser: number }): IngestReport {
    return {
      tables: this.counters.map((counter) => counter.toReport()),
      timestampFormats: { ...this.timestampFormats },
      interactionsWithUnknownArticle: unknown.interactionsWithUnknownArticle,
      interactionsWithUnknownUser: unknown.interactionsWithUnknownUser,
      rejects: this.rejects,
      rejectsOmitted: this.rejectsOmitted,
      warnings: [...this.warnings],
    };
  }
}
