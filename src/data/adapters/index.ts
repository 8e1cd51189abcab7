/**
 * The adapter registry: one module per source format, each with `detect(folder)` and
 * `load(folder, options)`. Detection tries the formats in this order and takes the first match,
 * so the canonical layout wins in a folder that also contains source files.
 */
import type { DatasetFormat, LoadOptions } from '../load-options.js';
import type { Dataset } from '../types.js';
import * as canonical from './canonical.js';
import * as deskdrop from './deskdrop.js';
import * as globo from './globo.js';
import * as mind from './mind.js';
import * as movielens100k from './movielens-100k.js';
import * as movielensLatest from './movielens-latest.js';

export interface DatasetAdapter {
  readonly format: DatasetFormat;
  /** Whether `folder` contains this format's files. */
  detect(folder: string): Promise<boolean>;
  load(folder: string, options?: LoadOptions): Promise<Dataset>;
}

export const ADAPTERS: readonly DatasetAdapter[] = [
  { format: 'canonical', detect: canonical.detect, load: canonical.load },
  { format: 'movielens-100k', detect: movielens100k.detect, load: movielens100k.load },
  { format: 'movielens-latest', detect: movielensLatest.detect, load: movielensLatest.load },
  { format: 'deskdrop', detect: deskdrop.detect, load: deskdrop.load },
  { format: 'globo', detect: globo.detect, load: globo.load },
  { format: 'mind', detect: mind.detect, load: mind.load },
];

/** Files each format is recognised by, for the "unknown format" message. */
export const FORMAT_SIGNATURES: Readonly<Record<DatasetFormat, string>> = {
  canonical: 'interactions.csv|jsonl[.gz]',
  'movielens-100k': 'u.data',
  'movielens-latest': 'ratings.csv + movies.csv',
  deskdrop: 'users_interactions.csv[.gz]',
  globo: 'clicks/clicks_hour_NNN.csv[.gz]',
  mind: 'behaviors.tsv + news.tsv',
};
