/** The embedded demo data set: a seeded developer blog, and a writer for canonical CSV files. */
export { generateDemo, type DemoOptions } from './generate.js';
export { DEMO_SCALES, DEMO_SCALE_CONFIGS, type DemoScale, type DemoScaleConfig } from './scales.js';
export { DEMO_CATEGORIES, type DemoCategory } from './topics.js';
export {
  writeCanonicalCsv,
  formatTimestamp,
  formatFloat32,
  INTERACTION_COLUMNS,
  ARTICLE_COLUMNS,
  USER_COLUMNS,
  LIST_SEPARATOR,
  type WrittenFile,
  type WriteCanonicalCsvOptions,
} from './csv.js';
export { summarizeDemoDataset, formatDemoSummary, type DemoDatasetSummary, type CategorySummary } from './summary.js';
export { DemoDataError, type DemoDataErrorCode } from './errors.js';
