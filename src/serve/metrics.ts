import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The service's Prometheus metrics (prom-client 15), on a registry of its own so several
 * servers in one process (tests) do not share counters. GET /metrics serves `registry`.
 */
export class ServeMetrics {
  readonly registry = new Registry();

  /** Request latency in seconds by method, route pattern and status code. */
  readonly requestDuration = new Histogram({
    name: 'readnext_http_request_duration_seconds',
    help: 'HTTP request latency in seconds, from routing to the reply.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [this.registry],
  });

  /** Recommendation lists served, by whether the user was a cold start. */
  readonly recommendations = new Counter({
    name: 'readnext_recommendations_total',
    help: 'Recommendation lists served.',
    labelNames: ['cold_start'] as const,
    registers: [this.registry],
  });

  /** Items served, by source (model, content, trending). */
  readonly recommendedItems = new Counter({
    name: 'readnext_recommended_items_total',
    help: 'Recommended items served, by source.',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  /** Events received, by outcome (inserted, duplicate, conflict). */
  readonly events = new Counter({
    name: 'readnext_events_total',
    help: 'Events received: inserted, duplicate (a retry) or conflict (a reused event id with other content).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  /** Model activations, by outcome. */
  readonly activations = new Counter({
    name: 'readnext_model_activations_total',
    help: 'Model activations attempted, by result.',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  /** 1 for the active model version. */
  readonly activeModel = new Gauge({
    name: 'readnext_active_model_info',
    help: 'The active model version (value 1).',
    labelNames: ['version'] as const,
    registers: [this.registry],
  });

  /** Articles in the active index. */
  readonly indexedArticles = new Gauge({
    name: 'readnext_indexed_articles',
    help: 'Articles in the vector index of the active model.',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'readnext_' });
  }

  /** Sets the model gauges after an activation. */
  setActiveModel(version: string, indexedArticles: number): void {
    this.activeModel.reset();
    this.activeModel.set({ version }, 1);
    this.indexedArticles.set(indexedArticles);
  }
}
