import { load as loadDeskDrop } from '../../data/adapters/deskdrop.js';
import type { ProtocolOptions, ProtocolProgress, ProtocolResult } from './protocol-types.js';
import { requireDataDir } from './require-data-dir.js';
import { runTimeSplitProtocol, type TimeSplitProtocol } from './time-split-protocol.js';

/** The hybrid model on DeskDrop: titles, text, language tags and authors where article rows exist. */
export const DESKDROP_TWO_TOWER = {
  name: 'two-tower-hybrid',
  config: { preset: 'hybrid' as const, dim: 64, features: { profileTopics: false } },
  training: { epochs: 10, batchSize: 256, optimizer: 'adagrad' as const, learningRate: 0.1 },
};

const DESKDROP: TimeSplitProtocol = {
  protocol: 'deskdrop',
  title: 'CI&T DeskDrop article interactions',
  description:
    'Internal article-sharing platform (March 2016 to February 2017). A VIEW is a click; LIKE, BOOKMARK, FOLLOW and ' +
    'COMMENT CREATED are stronger signals, so each adds a second positive row for the article (it weighs twice in ' +
    'training and in the baselines\u2019 counts). Test users are evaluated at their first event after the cutoff.',
  async load(options) {
    const folder = await requireDataDir(options, 'deskdrop', 'the DeskDrop folder (users_interactions.csv[.gz])');
    return { dataset: await loadDeskDrop(folder), folder };
  },
  trainQuantile: 0.9,
  twoTowers: [DESKDROP_TWO_TOWER],
  notes: ['Article text exists for a few hundred articles only (the partial article file); the rest are scored from their id and time.'],
};

/** Protocol 3: the two-tower model against every baseline on DeskDrop, warm and live. */
export function runDeskDropProtocol(options: ProtocolOptions, onProgress?: (event: ProtocolProgress) => void): Promise<ProtocolResult> {
  return runTimeSplitProtocol(DESKDROP, options, onProgress);
}
