/** Evaluation protocols: one function per public data set, each returning a ProtocolResult for the report. */
import { runDemoProtocol } from './demo.js';
import { runDeskDropProtocol } from './deskdrop.js';
import { runGloboProtocol } from './globo.js';
import { runMlLatestProtocol } from './ml-latest.js';
import type { ProtocolName, ProtocolOptions, ProtocolProgress, ProtocolResult } from './protocol-types.js';
import { runTfrsMl100kProtocol } from './tfrs-ml100k.js';

export type ProtocolRunner = (options: ProtocolOptions, onProgress?: (event: ProtocolProgress) => void) => Promise<ProtocolResult>;

export const PROTOCOLS: Readonly<Record<ProtocolName, ProtocolRunner>> = {
  'tfrs-ml100k': runTfrsMl100kProtocol,
  globo: runGloboProtocol,
  deskdrop: runDeskDropProtocol,
  'ml-latest': runMlLatestProtocol,
  demo: runDemoProtocol,
};

export { PROTOCOL_NAMES, resolveProtocolOptions } from './protocol-types.js';
export type { ProtocolName, ProtocolOptions, ProtocolProgress, ProtocolResult } from './protocol-types.js';
export { compareWithBaselines, type BaselineComparison } from './baseline-comparison.js';
