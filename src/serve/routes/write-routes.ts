import type { FastifyInstance } from 'fastify';

import type { ApiKeyCheck } from '../auth.js';
import type { ServeMetrics } from '../metrics.js';
import { articleBodySchema, articleParamsSchema, eventBatchSchema, eventSchema, openApiSchema } from '../schemas.js';
import type { RecommendationService } from '../service.js';
import { parseRequestPart } from './parse.js';

const API_KEY_SECURITY = [{ apiKey: [] }];

/** POST /v1/events, PUT and DELETE /v1/articles/:articleId (API key required). */
export function registerWriteRoutes(app: FastifyInstance, service: RecommendationService, metrics: ServeMetrics, auth: ApiKeyCheck): void {
  const eventBatch = eventBatchSchema(service.options.maxEventsPerRequest);

  app.post(
    '/v1/events',
    {
      schema: {
        summary: 'Store one event or a batch (a JSON array); event_id makes retries idempotent',
        tags: ['events'],
        security: API_KEY_SECURITY,
        body: { oneOf: [openApiSchema(eventSchema), openApiSchema(eventBatch)] },
      },
      onRequest: async (request) => auth.verify(request),
    },
    async (request) => {
      // Parsed by shape rather than as a zod union, so an error names the failing field.
      const events = Array.isArray(request.body)
        ? parseRequestPart(eventBatch, request.body, 'body')
        : [parseRequestPart(eventSchema, request.body, 'body')];
      const result = service.ingestEvents(events, request.log);

      metrics.events.inc({ result: 'inserted' }, result.inserted);
      metrics.events.inc({ result: 'duplicate' }, result.duplicates.length - result.conflicts.length);
      metrics.events.inc({ result: 'conflict' }, result.conflicts.length);
      return result;
    },
  );

  app.put(
    '/v1/articles/:articleId',
    {
      schema: {
        summary: 'Create or change an article; its embedding enters the index at once',
        tags: ['articles'],
        security: API_KEY_SECURITY,
        params: openApiSchema(articleParamsSchema),
        body: openApiSchema(articleBodySchema),
      },
      onRequest: async (request) => auth.verify(request),
    },
    async (request, reply) => {
      const { articleId } = parseRequestPart(articleParamsSchema, request.params, 'params');
      const body = parseRequestPart(articleBodySchema, request.body, 'body');
      const result = service.putArticle(articleId, body);
      reply.code(result.created ? 201 : 200);
      return result;
    },
  );

  app.delete(
    '/v1/articles/:articleId',
    {
      schema: {
        summary: 'Hide an article: it stays stored but is never recommended',
        tags: ['articles'],
        security: API_KEY_SECURITY,
        params: openApiSchema(articleParamsSchema),
      },
      onRequest: async (request) => auth.verify(request),
    },
    async (request) => {
      const { articleId } = parseRequestPart(articleParamsSchema, request.params, 'params');
      return { article: service.hideArticle(articleId) };
    },
  );
}
