import type { FastifyInstance } from 'fastify';

import type { ServeMetrics } from '../metrics.js';
import {
  articleParamsSchema,
  openApiSchema,
  recommendationsQuerySchema,
  similarQuerySchema,
  userParamsSchema,
} from '../schemas.js';
import type { RecommendationService } from '../service.js';
import { parseRequestPart } from './parse.js';

/** GET /v1/users/:userId/recommendations and GET /v1/articles/:articleId/similar (no API key). */
export function registerRecommendationRoutes(app: FastifyInstance, service: RecommendationService, metrics: ServeMetrics): void {
  const { maxK, maxExclude } = service.options;
  const recommendationsQuery = recommendationsQuerySchema(maxK, maxExclude);
  const similarQuery = similarQuerySchema(maxK);

  app.get(
    '/v1/users/:userId/recommendations',
    {
      schema: {
        summary: 'Recommend up to k articles for a user from their current history',
        tags: ['recommendations'],
        params: openApiSchema(userParamsSchema),
        querystring: openApiSchema(recommendationsQuery),
      },
    },
    async (request) => {
      const { userId } = parseRequestPart(userParamsSchema, request.params, 'params');
      const query = parseRequestPart(recommendationsQuery, request.query, 'query');
      const list = service.recommend({ userId, k: query.k, exclude: new Set(query.exclude), explain: query.explain });

      metrics.recommendations.inc({ cold_start: String(list.coldStart) });
      for (const item of list.items) metrics.recommendedItems.inc({ source: item.source });
      return list;
    },
  );

  app.get(
    '/v1/articles/:articleId/similar',
    {
      schema: {
        summary: 'Articles whose embeddings are closest to this article',
        tags: ['recommendations'],
        params: openApiSchema(articleParamsSchema),
        querystring: openApiSchema(similarQuery),
      },
    },
    async (request) => {
      const { articleId } = parseRequestPart(articleParamsSchema, request.params, 'params');
      const { k } = parseRequestPart(similarQuery, request.query, 'query');
      return service.similar(articleId, k);
    },
  );
}
