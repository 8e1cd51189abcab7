import path from 'node:path';

import { type Command, InvalidArgumentError, Option } from 'commander';
import { pino } from 'pino';

import { ServeError } from '../serve/errors.js';
import { createServer, DEFAULT_BODY_LIMIT_BYTES } from '../serve/server.js';
import type { RecommendationService } from '../serve/service.js';
import { Store, StoreError } from '../store/index.js';
import { exitOnKnownError } from './cli-errors.js';

interface ServeCommandOptions {
  model: string;
  modelVersion?: string;
  db: string;
  port: number;
  host: string;
  apiKeyEnv: string;
  logLevel: string;
  bodyLimit: number;
  maxK: number;
  mmrLambda: number;
  oversample: number;
  popularityPenalty: number;
  articleTtlHours?: number;
  excludeOwnArticles: boolean;
}

const HOUR_MS = 3_600_000;

/** `readnext serve`: the HTTP recommendation service over a model directory and a SQLite database. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Serve recommendations over HTTP from a trained model and a SQLite event store.')
    .requiredOption('--model <dir>', 'model directory written by `readnext train`; registered and activated at start')
    .option('--model-version <label>', 'version label of --model in the database (default: the directory name)')
    .requiredOption('--db <file>', 'SQLite database of events, articles and model versions (created if absent)')
    .option('--port <n>', 'TCP port; 0 picks a free one', parseInteger(0, 65_535), 8080)
    .option('--host <address>', 'address to listen on; 0.0.0.0 exposes the service to the network', '127.0.0.1')
    .option('--api-key-env <name>', 'environment variable holding the API key of write and admin endpoints (16+ characters)', 'READNEXT_API_KEY')
    .addOption(new Option('--log-level <level>', 'pino log level').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'))
    .option('--body-limit <bytes>', 'largest request body in bytes', parseInteger(1024, 64 * 1024 * 1024), DEFAULT_BODY_LIMIT_BYTES)
    .option('--max-k <n>', 'largest k a client may request', parseInteger(1, 1000), 100)
    .option('--mmr-lambda <x>', 'diversity trade-off in [0, 1]: 1 ranks by relevance only', parseNumber(0, 1), 0.8)
    .option('--oversample <x>', 'candidates retrieved per requested item before re-ranking', parseNumber(1, 50), 3)
    .option('--popularity-penalty <x>', 'penalty on popular articles, in units of the candidates\' score range; 0 turns it off', parseNumber(0, 10), 0)
    .option('--article-ttl-hours <h>', 'never recommend articles published longer ago than this (default: no limit)', parseNumber(0.001, 1e6))
    .option('--exclude-own-articles', 'never recommend articles whose author id equals the reader\'s user id', false)
    .action(async function (this: Command, options: ServeCommandOptions) {
      const apiKey = process.env[options.apiKeyEnv];
      if (apiKey === undefined || apiKey.length === 0) {
        this.error(`error missing_api_key: environment variable ${options.apiKeyEnv} is not set; export it with a key of 16 or more characters, or name another variable with --api-key-env`, { exitCode: 1 });
      }

      let store: Store | null = null;
      try {
        store = Store.open(options.db);
        const logger = pino({ level: options.logLevel });
        const { app, service } = await createServer({
          store,
          apiKey,
          logger,
          bodyLimitBytes: options.bodyLimit,
          pipeline: {
            maxK: options.maxK,
            mmrLambda: options.mmrLambda,
            oversample: options.oversample,
            popularityPenalty: options.popularityPenalty,
            articleTtlMs: options.articleTtlHours === undefined ? null : Math.round(options.articleTtlHours * HOUR_MS),
            excludeOwnArticles: options.excludeOwnArticles,
          },
        });
        const version = registerStartupModel(service, options.model, options.modelVersion);
        await service.activate(version);
        const address = await app.listen({ port: options.port, host: options.host });
        process.stdout.write(`readnext serve: model ${version} on ${address} (OpenAPI page at ${address}/docs)\n`);

        const openStore = store;
        const stop = (signal: string): void => {
          logger.info({ signal }, 'stopping');
          void app.close().then(() => openStore.close());
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      } catch (error) {
        store?.close();
        if (error instanceof ServeError || error instanceof StoreError) {
          this.error(`error ${error.code}: ${error.message}`, { exitCode: 1, code: error.code });
        }
        exitOnKnownError(this, error);
      }
    });
}

/**
 * Registers `dir` under `label` (default: its directory name) unless that version already
 * points at the same directory. Throws `model_version_exists` when the label names another one.
 */
function registerStartupModel(service: RecommendationService, dir: string, label: string | undefined): string {
  const resolved = path.resolve(dir);
  const version = label ?? path.basename(resolved);
  const registered = service.store.modelVersions.get(version);
  if (registered === null) {
    service.registerModel(version, resolved);
  } else if (path.resolve(registered.path) !== resolved) {
    throw new ServeError(
      'model_version_exists',
      `model version ${JSON.stringify(version)} is registered for ${registered.path}, not ${resolved}; pass another --model-version`,
      { version },
    );
  }
  return version;
}

function parseInteger(min: number, max: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!/^[0-9]+$/.test(value) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`expected an integer in [${min}, ${max}], got ${JSON.stringify(value)}`);
    }
    return parsed;
  };
}

function parseNumber(min: number, max: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`expected a number in [${min}, ${max}], got ${JSON.stringify(value)}`);
    }
    return parsed;
  };
}
