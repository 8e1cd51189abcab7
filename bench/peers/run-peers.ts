/**
 * Runs a training peer in a child process and returns its parsed result line, so that the
 * training benchmark can report ReadNext's throughput next to the peers' in one invocation.
 *
 *   const result = await runPeer('pytorch', { data: 'interactions.csv' });
 *   if ('skipped' in result) console.log(result.skipped);
 */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { PeerError } from './peer-error.js';
import { parseTrainingOptions, type TrainingOptions } from './peer-options.js';
import { PeerResultSchema, PeerSkippedSchema, type PeerResult, type PeerSkipped } from './peer-result.js';

/**
 * The peers. `tfjs-cpu` and `tfjs-wasm` use tfjs's own gather gradient, as a tfjs user would
 * write the model. The `-scatter` variants replace only that gradient with a scatterND custom
 * gradient (see tfjs-two-tower.ts), because tfjs's own is too slow on cpu and missing on wasm.
 */
export const PEER_NAMES = ['pytorch', 'tfjs-cpu', 'tfjs-cpu-scatter', 'tfjs-wasm', 'tfjs-wasm-scatter'] as const;
export type PeerName = (typeof PEER_NAMES)[number];

export interface PeerRunOptions {
  /** Interactions CSV (user_id,article_id,timestamp,click,read_time,like). */
  data: string;
  epochs?: number;
  batch?: number;
  dim?: number;
  seed?: number;
  /** Stop after this many steps and extrapolate the epoch time; omitted = full epochs. */
  maxSteps?: number;
  initStd?: number;
  traceLosses?: boolean;
  /** Kill the peer after this many milliseconds; default 2 hours. */
  timeoutMs?: number;
  /** Interpreter of the pytorch peer; default Debian's /usr/bin/python3, which python3-torch installs into. */
  python?: string;
  /** torch intra-op and OpenBLAS threads of the pytorch peer; default 2. */
  threads?: number;
  /**
   * OMP_WAIT_POLICY for the pytorch peer; default: inherited, else libgomp's spin-then-sleep.
   * On a machine shared with other jobs, PASSIVE keeps idle OpenMP threads from spinning on
   * cores that other processes need. With it, a 2-thread epoch ran 6 to 9 times faster on the
   * shared 2-core machine of docs/benchmarks.md (section Training peers).
   */
  ompWaitPolicy?: 'ACTIVE' | 'PASSIVE';
}

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '../..');
const DEFAULT_PYTHON = '/usr/bin/python3';
const DEFAULT_TIMEOUT_MS = 2 * 3600 * 1000;
const INSTALL_HINT = 'install it with: apt-get update && apt-get install -y python3-torch libopenblas0-pthread';
/** Characters of stderr kept for error messages. */
const STDERR_TAIL_CHARS = 4000;

/**
 * Runs peer `name` on `options.data` and resolves to its result, or to {peer, skipped} when the
 * peer cannot run here (no torch for the interpreter, or a tfjs backend without a kernel).
 * Rejects with PeerError: PEER_OPTION_INVALID, PEER_FAILED (non-zero exit, with its stderr),
 * PEER_TIMEOUT or PEER_OUTPUT_INVALID.
 */
export async function runPeer(name: PeerName, options: PeerRunOptions): Promise<PeerResult | PeerSkipped> {
  if (!PEER_NAMES.includes(name)) {
    throw new PeerError('PEER_OPTION_INVALID', `peer "${String(name)}" is unknown; use one of ${PEER_NAMES.join(', ')}.`);
  }
  const training = parseTrainingOptions(options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  let command: string;
  let args: string[];
  const env = { ...process.env };
  if (name === 'pytorch') {
    const python = options.python ?? DEFAULT_PYTHON;
    const missing = await findMissingTorch(python);
    if (missing !== undefined) return { peer: name, skipped: missing };
    command = python;
    args = [resolve(HERE, 'pytorch_peer.py'), ...trainingArguments(training), '--threads', String(options.threads ?? 2)];
    if (options.ompWaitPolicy !== undefined) env.OMP_WAIT_POLICY = options.ompWaitPolicy;
  } else {
    const [, backend, variant] = /^tfjs-(cpu|wasm)(-scatter)?$/.exec(name)!;
    command = process.execPath;
    args = [
      '--import',
      'tsx',
      resolve(HERE, 'tfjs-peer.ts'),
      '--backend',
      backend!,
      '--embedding-gradient',
      variant === undefined ? 'autograd' : 'scatter',
      ...trainingArguments(training),
    ];
  }

  const run = await runProcess(command, args, timeoutMs, env);
  if (run.spawnError !== undefined) {
    throw new PeerError('PEER_FAILED', `${name} could not be started as ${command}: ${run.spawnError.message}`, {
      cause: run.spawnError,
    });
  }
  if (run.timedOut) {
    throw new PeerError('PEER_TIMEOUT', `${name} ran longer than ${timeoutMs} ms and was killed; pass maxSteps or a larger timeoutMs.`);
  }
  if (run.exitCode !== 0) {
    throw new PeerError('PEER_FAILED', `${name} exited with ${run.exitCode ?? run.signal}: ${run.stderr.trim()}`);
  }
  return parsePeerOutput(name, run.stdout);
}

/** Parses the last JSON line of a peer's stdout; earlier lines (library banners) are ignored. */
export function parsePeerOutput(name: string, stdout: string): PeerResult | PeerSkipped {
  const line = stdout
    .split('\n')
    .map((text) => text.trim())
    .filter((text) => text.startsWith('{'))
    .at(-1);
  if (line === undefined) {
    throw new PeerError('PEER_OUTPUT_INVALID', `${name} printed no JSON line; its stdout was: ${stdout.slice(-500)}`);
  }

  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new PeerError('PEER_OUTPUT_INVALID', `${name} printed a line that is not JSON: ${line.slice(0, 500)}`, { cause: error });
  }
  // Picking the schema by the `skipped` key makes errors name the result field at fault.
  const isSkipped = typeof value === 'object' && value !== null && 'skipped' in value;
  const parsed = (isSkipped ? PeerSkippedSchema : PeerResultSchema).safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PeerError(
      'PEER_OUTPUT_INVALID',
      `${name} result field "${issue.path.join('.')}" is invalid (${issue.message}): ${line.slice(0, 500)}`,
    );
  }
  return parsed.data;
}

function trainingArguments(options: TrainingOptions): string[] {
  const args = [
    '--data',
    resolve(options.data),
    '--epochs',
    String(options.epochs),
    '--batch',
    String(options.batch),
    '--dim',
    String(options.dim),
    '--seed',
    String(options.seed),
    '--init-std',
    String(options.initStd),
  ];
  if (options.maxSteps !== undefined) args.push('--max-steps', String(options.maxSteps));
  if (options.traceLosses) args.push('--trace-losses');
  return args;
}

/** Results of findMissingTorch by interpreter path, because importing torch takes seconds. */
const torchChecks = new Map<string, Promise<string | undefined>>();

/** Returns why `python` cannot run the pytorch peer, or undefined when it can import torch and numpy. */
function findMissingTorch(python: string): Promise<string | undefined> {
  let check = torchChecks.get(python);
  if (check === undefined) {
    check = checkTorch(python);
    torchChecks.set(python, check);
  }
  return check;
}

async function checkTorch(python: string): Promise<string | undefined> {
  const run = await runProcess(python, ['-c', 'import torch, numpy'], 120_000);
  if (run.spawnError !== undefined) return `${python} could not be started (${run.spawnError.message}); ${INSTALL_HINT}`;
  if (run.exitCode !== 0) {
    const reason = run.stderr.trim().split('\n').at(-1) ?? `exit ${run.exitCode}`;
    return `${python} cannot import torch and numpy (${reason}); ${INSTALL_HINT}`;
  }
  return undefined;
}

interface ProcessRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  spawnError?: Error;
}

function runProcess(
  command: string,
  args: string[],
  timeoutMs: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProcessRun> {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
    });

    // A tfjs step is one long synchronous call, during which Node cannot act on SIGTERM, so the
    // runner follows up with SIGKILL.
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }, timeoutMs);

    child.on('error', (error) => {
      clearTimeout(timer);
      resolvePromise({ exitCode: null, signal: null, stdout, stderr, timedOut, spawnError: error });
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolvePromise({ exitCode, signal, stdout, stderr, timedOut });
    });
  });
}
