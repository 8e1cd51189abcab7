/** Public API of the SQLite store. */
export { type ArticleInput, ArticleTable, type ChangedSinceOptions, isArticleAvailable, type StoredArticle } from './articles.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export {
  type ArticleCount,
  EVENT_TYPES,
  type EventInput,
  EventTable,
  type EventType,
  type HistoryOptions,
  type InsertEventsResult,
  type StoredEvent,
  type TrailingCountOptions,
} from './events.js';
export { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations.js';
export { type ModelStatus, type ModelVersion, ModelVersionTable, type RegisterModelInput } from './model-versions.js';
export { Store, type StoreOptions } from './store.js';
export { UserTable } from './users.js';
