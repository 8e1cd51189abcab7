import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import type { ProtocolResult } from '../protocols/protocol-types.js';
import { renderReport } from './render-report.js';

/** Files `writeReport` creates in its output folder. */
export interface ReportFiles {
  results: string;
  report: string;
}

/**
 * Writes `results.json` (the whole ProtocolResult; NaN and Infinity become null) and the
 * self-contained `report.html` into `folder`, creating it when missing and overwriting both files.
 */
export async function writeReport(result: ProtocolResult, folder: string): Promise<ReportFiles> {
  await mkdir(folder, { recursive: true });
  const files = { results: join(folder, 'results.json'), report: join(folder, 'report.html') };
  await writeFile(files.results, `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(files.report, renderReport(result, await readChartLibrary()));
  return files;
}

/**
 * Reads Chart.js's UMD build, which defines the global `Chart`. The package's export map does
 * not expose dist/chart.umd.js, so the path is taken relative to its CommonJS entry, which
 * sits in the same dist/ folder (chart.js 4.x).
 */
export async function readChartLibrary(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('chart.js');
  return readFile(join(dirname(entry), 'chart.umd.js'), 'utf8');
}
