/**
 * Reader for headerless delimited source files with a fixed field count (MovieLens u.data and
 * u.item, MIND news.tsv and behaviors.tsv). Fields are not trimmed and quotes are ordinary
 * characters, as in those formats.
 */
import type { TableCounter } from '../ingest-report.js';
import { readDelimited } from './delimited-reader.js';
import type { ReadLimits } from './table-reader.js';

export interface HeaderlessFormat {
  delimiter: '\t' | '|';
  encoding: 'utf8' | 'latin1';
  /** Exact number of fields per record; other records are rejected as malformed_row. */
  fieldCount: number;
}

/**
 * Reads every line of `path` as one record, counting each in `counter.read`. Records with the
 * wrong field count are rejected; the others go to `onRow` (`fields` is reused between calls).
 */
export async function readHeaderless(
  path: string,
  format: HeaderlessFormat,
  counter: TableCounter,
  limits: ReadLimits,
  onRow: (fields: string[], line: number) => void,
): Promise<void> {
  await readDelimited(
    path,
    { delimiter: format.delimiter, quoting: false, encoding: format.encoding, ...limits },
    {
      record: (fields, line) => {
        counter.read += 1;
        if (fields.length !== format.fieldCount) {
          counter.reject(line, 'malformed_row', `expected ${format.fieldCount} fields, found ${fields.length}`);
          return;
        }
        onRow(fields, line);
      },
      malformed: (line, reason, message) => {
        counter.read += 1;
        counter.reject(line, reason, message);
      },
      // Without quoting every record is one line, so reading never stops early.
      stopped: () => {},
    },
  );
}
