/** Public API of the recommendation service. */
export { ArticleCatalogue, type ArticleState } from './article-catalogue.js';
export { ApiKeyCheck } from './auth.js';
export { CandidateFilter, type FilterReason } from './candidate-filter.js';
export { type ErrorBody, type FieldIssue, SERVE_ERRORS, ServeError, type ServeErrorCode } from './errors.js';
export { type Explanation, explainItems } from './explain.js';
export { type LoadedModel, loadTwoTowerForServing, type ModelLoader } from './model-loader.js';
export { type ActivationReport, buildDefaultIndex, type IndexBuilder, ModelGeneration, ModelRegistry } from './model-registry.js';
export { type PipelineOptions, type PipelineOptionsInput, pipelineOptionsSchema, resolvePipelineOptions } from './options.js';
export { POSITIVE_EVENT_TYPES, PopularityTracker, type PopularitySnapshot } from './popularity.js';
export { type RecommendationList, type RecommendationRequest, type RecommendedItem, recommend } from './recommend.js';
export { rerank, type RerankOptions } from './rerank.js';
export { type Candidate, type ItemSource, retrieveCandidates } from './retrieve.js';
export { createServer, DEFAULT_BODY_LIMIT_BYTES, type ReadNextServer, type ServerOptions } from './server.js';
export { type ArticleWriteResult, type EventsResult, RecommendationService } from './service.js';
export { type SimilarList, similarArticles } from './similar.js';
export { readUserContext, summarizeEvents, type UserContext } from './user-context.js';
