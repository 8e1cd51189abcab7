import { stat } from 'node:fs/promises';

import { EvaluationError } from '../errors.js';
import type { ProtocolName, ResolvedProtocolOptions } from './protocol-types.js';

/** Returns `options.dataDir` after checking that it is a folder; throws EVAL_INVALID_OPTIONS naming what to pass. */
export async function requireDataDir(options: ResolvedProtocolOptions, protocol: ProtocolName, expected: string): Promise<string> {
  const folder = options.dataDir;
  if (folder === undefined) {
    throw new EvaluationError('EVAL_INVALID_OPTIONS', `The ${protocol} protocol needs a data folder: pass ${expected}.`, { protocol });
  }
  const isFolder = await stat(folder).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (!isFolder) {
    throw new EvaluationError('EVAL_INVALID_OPTIONS', `Data folder ${folder} for the ${protocol} protocol does not exist; pass ${expected}.`, {
      protocol,
      folder,
    });
  }
  return folder;
}
