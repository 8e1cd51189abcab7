import type { FastifyInstance } from 'fastify';

import { ServeError } from '../errors.js';
import type { ServeMetrics } from '../metrics.js';
import type { RecommendationService } from '../service.js';

/** Registers GET /healthz (liveness), /readyz (a model is active) and /metrics (Prometheus). */
export function registerHealthRoutes(app: FastifyInstance, service: RecommendationService, metrics: ServeMetrics): void {
  app.get('/healthz', { schema: { summary: 'Liveness: the process answers', tags: ['operations'] } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { summary: 'Readiness: a model is active and the store answers', tags: ['operations'] } }, async () => {
    const generation = service.registry.current();
    if (generation === null) throw new ServeError('not_ready', 'no model is active yet', {});
    // A query proves the database is open and readable.
    const events = service.store.events.count();
    return { status: 'ready', modelVersion: generation.version, indexedArticles: generation.index.size(), events };
  });

  app.get('/metrics', { schema: { summary: 'Prometheus metrics', tags: ['operations'] } }, async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
