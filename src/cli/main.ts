#!/usr/bin/env node
import { Command } from 'commander';

import { registerDemo } from './demo.js';
import { registerEvaluate } from './evaluate.js';
import { registerGenerate } from './generate.js';
import { registerInspect } from './inspect.js';
import { registerRecommend } from './recommend.js';
import { registerServe } from './serve.js';
import { registerTrain } from './train.js';

// Commands are listed in pipeline order so `readnext --help` reads like the README.
const program = new Command();
program
  .name('readnext')
  .description('Article recommendations for content sites: ingest, train, evaluate, serve.')
  // A one-line hint, not the full help: runtime errors go through command.error() too.
  .showHelpAfterError('(add --help for usage)');

registerGenerate(program);
registerInspect(program);
registerTrain(program);
registerRecommend(program);
registerEvaluate(program);
registerServe(program);
registerDemo(program);

await program.parseAsync(process.argv);
