import type { Command } from 'commander';

import { IngestError } from '../data/errors.js';
import { EvaluationError } from '../eval/errors.js';
import { FeatureError } from '../features/errors.js';
import { ModelError } from '../models/errors.js';
import { ModelFileError } from '../models/model-file.js';

/**
 * Prints a known error as `error CODE: message` and exits with status 1; rethrows anything
 * else, because an unknown error is a bug and its stack trace is the useful output.
 */
export function exitOnKnownError(command: Command, error: unknown): never {
  if (
    error instanceof IngestError ||
    error instanceof FeatureError ||
    error instanceof ModelError ||
    error instanceof ModelFileError ||
    error instanceof EvaluationError
  ) {
    command.error(`error ${error.code}: ${error.message}`, { exitCode: 1, code: String(error.code) });
  }
  throw error;
}
