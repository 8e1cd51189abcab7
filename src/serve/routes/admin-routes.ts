import type { FastifyInstance } from 'fastify';

import type { ApiKeyCheck } from '../auth.js';
import { ServeError } from '../errors.js';
import type { ServeMetrics } from '../metrics.js';
import { openApiSchema, registerModelBodySchema, versionParamsSchema } from '../schemas.js';
import type { RecommendationService } from '../service.js';
import { parseRequestPart } from './parse.js';

const API_KEY_SECURITY = [{ apiKey: [] }];

/** Model registration and activation (API key required). */
export function registerAdminRoutes(app: FastifyInstance, service: RecommendationService, metrics: ServeMetrics, auth: ApiKeyCheck): void {
  app.post(
    '/v1/admin/models',
    {
      schema: {
        summary: 'Register a model directory under a new version label',
        tags: ['admin'],
        security: API_KEY_SECURITY,
        body: openApiSchema(registerModelBodySchema),
      },
      onRequest: async (request) => auth.verify(request),
    },
    async (request, reply) => {
      const body = parseRequestPart(registerModelBodySchema, request.body, 'body');
      reply.code(201);
      return service.registerModel(body.version, body.path, body.metrics);
    },
  );

  app.post(
    '/v1/admin/models/:version/activate',
    {
      schema: {
        summary: 'Load a registered model fully, then swap it in; requests in flight finish on the old one',
        tags: ['admin'],
        security: API_KEY_SECURITY,
        params: openApiSchema(versionParamsSchema),
      },
      onRequest: async (request) => auth.verify(request),
    },
    async (request) => {
      const { version } = parseRequestPart(versionParamsSchema, request.params, 'params');
      try {
        const report = await service.activate(version);
        metrics.activations.inc({ result: 'activated' });
        return report;
      } catch (error) {
        metrics.activations.inc({ result: error instanceof ServeError ? error.code : 'internal_error' });
        throw error;
      }
    },
  );
}
