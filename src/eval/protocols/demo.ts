import { generateDemo } from '../../data/demo/index.js';
import type { ProtocolOptions, ProtocolProgress, ProtocolResult } from './protocol-types.js';
import { runTimeSplitProtocol, type TimeSplitProtocol } from './time-split-protocol.js';

/** The hybrid preset as `readnext demo` trains it. */
export const DEMO_TWO_TOWER = {
  name: 'two-tower-hybrid',
  config: { preset: 'hybrid' as const },
  training: { epochs: 8 },
};

const DEMO: TimeSplitProtocol = {
  protocol: 'demo',
  title: 'Embedded demo blog',
  description:
    'The seeded developer blog that `readnext demo` generates (small scale): articles with titles, text, categories, tags ' +
    'and authors, users with preferred topics, and shown-but-unclicked rows (click = 0) that are neither training nor test positives.',
  async load(options) {
    return { dataset: generateDemo({ scale: 'small', seed: options.seed }), folder: null };
  },
  trainQuantile: 0.9,
  twoTowers: [DEMO_TWO_TOWER],
  notes: ['The data is synthetic: its topics and popularity follow the generator, so these numbers test the pipeline, not the model on real readers.'],
};

/** Protocol 5: the demo data set, generated from the seed. */
export function runDemoProtocol(options: ProtocolOptions, onProgress?: (event: ProtocolProgress) => void): Promise<ProtocolResult> {
  return runTimeSplitProtocol(DEMO, options, onProgress);
}
