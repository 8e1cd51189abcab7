/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { writeReport } from '../../src/eval/report/write-report.js';
import { HOSTILE_CATEGORY, HOSTILE_MODEL, reportFixture } from './report-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) console.log(`Skipping the report rendering test: ${CHROMIUM} is missing (apt-get install -y chromium).`);

/** Charts the fixture must draw: two curves per setting, the loss, and two exposure charts per setting. */
const EXPECTED_CHARTS = [
  'recall-curve-warm',
  'top-k-accuracy-warm',
  'recall-curve-live',
  'top-k-accuracy-live',
  'training-loss',
  'popularity-exposure-warm',
  'category-exposure-warm',
  'popularity-exposure-live',
  'category-exposure-live',
];

interface PageState {
  canvases: { id: string; hasChart: boolean; width: number; height: number; paintedPixels: number }[];
  chartCount: number;
  images: number;
  injected: unknown;
  bestCells: number;
  tables: number;
  failedRowText: string[];
  hostileModelCells: number;
}

describe.skipIf(!available)('report.html in headless Chromium', () => {
  let browser: Browser;
  let folder: string;
  let state: PageState;
  const consoleErrors: string[] = [];
  let html = '';

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'readnext-report-'));
    const files = await writeReport(await reportFixture(), folder);
    html = await readFile(files.report, 'utf8');

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    // Any request other than the file itself would mean the page is not self-contained.
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(files.report).href, { waitUntil: 'load' });
    expect(requests).toEqual([pathToFileURL(files.report).href]);

    state = await page.evaluate(() => {
      const chartGlobal = (window as unknown as { Chart: { getChart(canvas: HTMLCanvasElement): unknown } }).Chart;
      const canvases = Array.from(document.querySelectorAll('canvas')).map((canvas) => {
        const context = canvas.getContext('2d');
        let paintedPixels = 0;
        if (context !== null && canvas.width > 0 && canvas.height > 0) {
          const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) paintedPixels++;
        }
        return { id: canvas.id, hasChart: chartGlobal.getChart(canvas) !== undefined, width: canvas.width, height: canvas.height, paintedPixels };
      });
      return {
        canvases,
        chartCount: canvases.filter((canvas) => canvas.hasChart).length,
        images: document.querySelectorAll('img').length,
        injected: (window as unknown as { injected?: unknown }).injected,
        bestCells: document.querySelectorAll('table.metrics td.best').length,
        tables: document.querySelectorAll('table.metrics').length,
        failedRowText: Array.from(document.querySelectorAll('tr.failed')).map((row) => row.textContent ?? ''),
        hostileModelCells: Array.from(document.querySelectorAll('table.metrics th[scope=row]')).filter((cell) => cell.textContent === '<b>pop</b> & "quoted"').length,
      };
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  });

  it('draws every chart', () => {
    expect(state.canvases.map((canvas) => canvas.id)).toEqual(EXPECTED_CHARTS);
    expect(state.chartCount).toBe(EXPECTED_CHARTS.length);
    for (const canvas of state.canvases) {
      expect(canvas.width, `${canvas.id} width`).toBeGreaterThan(0);
      // Axes, labels and one line or bar set paint well over a thousand pixels; a blank canvas paints none.
      expect(canvas.paintedPixels, `${canvas.id} painted pixels`).toBeGreaterThan(1000);
    }
  });

  it('logs no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });

  it('escapes names and categories', () => {
    expect(state.images).toBe(0);
    expect(state.injected).toBeUndefined();
    // One row per setting table shows the hostile name as text.
    expect(state.hostileModelCells).toBe(2);
    expect(html).not.toContain(HOSTILE_CATEGORY);
    expect(html).not.toContain(HOSTILE_MODEL);
  });

  it('marks the best value of each column', () => {
    expect(state.tables).toBe(2);
    // 4 ranking columns + 5 top-K columns + coverage have a best, in each of the two tables.
    expect(state.bestCells).toBeGreaterThanOrEqual(2 * 10);
    expect(state.failedRowText).toEqual([]);
  });
});
