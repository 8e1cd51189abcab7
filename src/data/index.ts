/**
 * Public ingest API: load a data folder into the canonical tables, summarise it, write rejects.
 * The demo generator lives in ./demo/ and is exported from there.
 */
export { ADAPTERS, FORMAT_SIGNATURES, type DatasetAdapter } from './adapters/index.js';
export type { CanonicalFiles } from './adapters/canonical.js';
export { IngestError, type IngestErrorCode } from './errors.js';
export { DATASET_FORMATS, type DatasetFormat, type LoadOptions, type LoadProgress } from './load-options.js';
export { detectFormat, loadDataset, type DatasetSource } from './load-dataset.js';
export { REJECT_REASONS, type RejectReason } from './reject-reasons.js';
export { writeRejects } from './rejects-file.js';
export {
  distribution,
  summarizeDataset,
  timeQuantile,
  type CountDistribution,
  type DatasetSummary,
  type SplitSummary,
  type SummaryOptions,
  type TableTotals,
} from './summarize.js';
export { parseIso8601, parseUsDate12h, type TimestampFormat } from './timestamps.js';
export * from './types.js';
