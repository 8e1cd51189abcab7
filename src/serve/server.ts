import { randomUUID } from 'node:crypto';

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, LogController } from 'fastify';
import { type Logger, pino } from 'pino';

import type { Store } from '../store/index.js';
import { ApiKeyCheck } from './auth.js';
import { toErrorResponse } from './error-response.js';
import { ServeError } from './errors.js';
import { ServeMetrics } from './metrics.js';
import { loadTwoTowerForServing, type ModelLoader } from './model-loader.js';
import type { IndexBuilder } from './model-registry.js';
import { type PipelineOptionsInput, resolvePipelineOptions } from './options.js';
import { registerAdminRoutes } from './routes/admin-routes.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import { registerRecommendationRoutes } from './routes/recommendation-routes.js';
import { registerWriteRoutes } from './routes/write-routes.js';
import { RecommendationService } from './service.js';

/** Default request body limit: 1 MiB, room for a batch of about 5,000 events. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

export interface ServerOptions {
  store: Store;
  /** Key of the write and admin endpoints. The CLI reads it from an environment variable. */
  apiKey: string;
  pipeline?: PipelineOptionsInput;
  /** Default: two-tower model directories written by `readnext train`. */
  loadModel?: ModelLoader;
  /** Default: exact below 20,000 articles, HNSW from there. */
  buildIndex?: IndexBuilder;
  /** Default: pino at level info on stdout. */
  logger?: Logger;
  /** Largest accepted request body in bytes. Default DEFAULT_BODY_LIMIT_BYTES. */
  bodyLimitBytes?: number;
  /** Log one line per request (pino, with the request id). Default true. */
  requestLogging?: boolean;
  /** Serve the OpenAPI document at /docs/json and Swagger UI at /docs. Default true. */
  docs?: boolean;
  /** Clock in ms since the Unix epoch. Default Date.now. */
  now?: () => number;
}

export interface ReadNextServer {
  app: FastifyInstance;
  service: RecommendationService;
  metrics: ServeMetrics;
}

/** Smallest API key accepted: shorter keys are guessable. */
const MIN_API_KEY_LENGTH = 16;

/**
 * Builds the HTTP service (fastify 5) over an open store. No model is active yet: register and
 * activate one (`service.registerModel`, `service.activate`, or the admin routes) before
 * /readyz returns 200. Call `app.listen` to serve and `app.close` to stop; closing also
 * retires the active model.
 */
export async function createServer(options: ServerOptions): Promise<ReadNextServer> {
  if (typeof options.apiKey !== 'string' || options.apiKey.length < MIN_API_KEY_LENGTH) {
    throw new ServeError('invalid_request', `the API key must have at least ${MIN_API_KEY_LENGTH} characters`, {
      length: options.apiKey?.length ?? 0,
    });
  }
  const logger = options.logger ?? pino({ level: 'info' });
  const pipeline = resolvePipelineOptions(options.pipeline);
  const metrics = new ServeMetrics();
  const service = new RecommendationService({
    store: options.store,
    options: pipeline,
    loadModel: options.loadModel ?? loadTwoTowerForServing,
    buildIndex: options.buildIndex,
    logger,
    now: options.now ?? Date.now,
    onActivated: (report) => metrics.setActiveModel(report.version, report.indexedArticles),
  });
  const auth = new ApiKeyCheck(options.apiKey);

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    logController: new LogController({ disableRequestLogging: options.requestLogging === false }),
    // Ids may be 256 characters, up to 12 bytes each once percent-encoded.
    routerOptions: { maxParamLength: 4096 },
  });
  // Routes validate with zod in their handlers; the JSON Schemas on routes only document them.
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  // Only JSON bodies are accepted; without this, fastify would pass text/plain bodies as strings.
  app.removeContentTypeParser('text/plain');

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.requestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, body } = toErrorResponse(error, options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new ServeError('route_not_found', `no route for ${request.method} ${request.url.split('?')[0]}`, {
      method: request.method,
    });
    reply.code(error.status).send(error.toBody());
  });

  if (options.docs !== false) {
    await app.register(swagger, {
      openapi: {
        info: { title: 'ReadNext recommendation service', version: '1' },
        components: { securitySchemes: { apiKey: { type: 'apiKey', name: 'x-api-key', in: 'header' } } },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  }

  registerRecommendationRoutes(app, service, metrics);
  registerWriteRoutes(app, service, metrics, auth);
  registerAdminRoutes(app, service, metrics, auth);
  registerHealthRoutes(app, service, metrics);
  app.addHook('onClose', async () => service.registry.close());
  return { app, service, metrics };
}
