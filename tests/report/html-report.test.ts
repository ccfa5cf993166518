import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.js';
import { runReportCommand } from '../../src/cli/command-report.js';
import { runCli } from '../cli/run-cli.js';
import { findChromium } from '../support/find-chromium.js';

const CHROMIUM = findChromium();
if (!CHROMIUM.path) console.warn(`tune-rag report (HTML): the browser test is skipped. ${CHROMIUM.reason}`);
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A tiny native dataset whose corpus and questions try to run code in the report. */
function writeHostileDataset(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const docs = [
    {
      id: 'harbour',
      title: '<b>Injected</b> title',
      text: 'The harbour of Veltrane opens at dawn. <script>window.__pwned = 1</script> Ferries leave every hour from pier 4.',
    },
    {
      id: 'lighthouse',
      title: 'Lighthouse',
      text: 'The lighthouse of Veltrane is painted red. <img src=x onerror="window.__pwned = 1"> It was built in 1892 by the guild of masons.',
    },
    {
      id: 'market',
      title: 'Market',
      text: 'The fish market in Veltrane is open on Tuesdays and Saturdays. Prices are set by auction at 6 a.m.',
    },
    {
      id: 'museum',
      title: 'Museum',
      text: 'The maritime museum holds 300 ship models. Entry costs 5 crowns; children enter free.',
    },
    {
      id: 'bridge',
      title: 'Bridge',
      text: 'The old stone bridge has seven arches and crosses the river Vel. It was restored in 1978.',
    },
  ];
  const qa: [string, string, string, string][] = [
    ['q1', 'When does the harbour of Veltrane open?', 'at dawn', 'harbour'],
    ['q2', 'Which pier do ferries leave from?', 'pier 4', 'harbour'],
    ['q3', 'What colour is the lighthouse painted?', 'red', 'lighthouse'],
    ['q4', 'When was the lighthouse built?', '1892', 'lighthouse'],
    ['q5', 'On which days is the fish market open?', 'Tuesdays and Saturdays', 'market'],
    ['q6', 'How many ship models does the museum hold?', '300', 'museum'],
    ['q7', 'How much does museum entry cost?', '5 crowns', 'museum'],
    ['q8', 'How many arches does the old bridge have?', 'seven', 'bridge'],
    ['q9', 'Which river does the bridge cross?', 'the river Vel', 'bridge'],
    [
      'q10',
      'When was the bridge restored? <script>window.__pwned = 1</script>',
      '1978 <img src=x onerror="window.__pwned = 1">',
      'bridge',
    ],
  ];
  writeFileSync(join(dir, 'corpus.jsonl'), docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  writeFileSync(
    join(dir, 'qa.jsonl'),
    qa
      .map(([id, question, answer, doc]) => JSON.stringify({ id, question, answers: [answer], gold_doc_ids: [doc] }))
      .join('\n') + '\n',
  );
}

function captureIo(cwd: string): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { cwd, lines, out: (l) => lines.push(l), err: (l) => lines.push(l), stderrStream: process.stderr };
}

describe('tune-rag report (HTML)', () => {
  let browser: Browser;
  let cwd: string;
  let reportPath: string;
  let tuneJson: { study: string; trials: { id: number; state: string }[] };

  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), 'tune-rag-report-'));
    writeHostileDataset(join(cwd, 'ds'));
    const tune = runCli(
      [
        '--dataset',
        'ds',
        '--budget',
        '9',
        '--proposer',
        'random',
        '--questions',
        '10',
        '--seed',
        '3',
        '--json',
        'tune.json',
      ],
      { cwd },
    );
    expect(tune.stderr).toBe('');
    expect(tune.code).toBe(0);
    tuneJson = JSON.parse(readFileSync(join(cwd, 'tune.json'), 'utf8'));
    // Two stored eval runs, so the eval history has a trend.
    for (let i = 0; i < 2; i++) {
      const evalRun = runCli(
        [
          'eval',
          '--config',
          join('.tune-rag', 'studies', tuneJson.study, 'best.json'),
          '--dataset',
          'ds',
          '--name',
          'nightly',
        ],
        { cwd },
      );
      expect(evalRun.code, evalRun.stderr).toBe(0);
    }
    reportPath = await runReportCommand(captureIo(cwd), undefined, { out: 'out/report.html' });
    if (CHROMIUM.path) browser = await chromium.launch({ executablePath: CHROMIUM.path, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('writes one self-contained file with every document and model text escaped', () => {
    const page = readFileSync(reportPath, 'utf8');
    expect(page).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(page).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(page).not.toContain('<script>window.__pwned');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    expect(page.match(/<script/g)).toHaveLength(2); // the JSON block and the page script
  });

  const browserTest = `renders in Chromium without errors, with points for every complete trial and a drill-down${CHROMIUM.path ? '' : ` (skipped: ${CHROMIUM.reason})`}`;
  it.skipIf(!CHROMIUM.path)(browserTest, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) problems.push(`request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(reportPath).href);
    await page.waitForLoadState('load');

    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const complete = tuneJson.trials.filter((t) => t.state === 'complete').length;
    expect(complete).toBeGreaterThan(0);
    expect(await page.locator('#pareto-chart circle.point').count()).toBe(complete);
    expect(await page.locator('#pareto-chart circle.point.pareto').count()).toBeGreaterThan(0);
    expect(await page.locator('#best-by-trial circle.best-point').count()).toBe(complete);
    expect(await page.locator('svg.effect').count()).toBeGreaterThan(0);
    expect(await page.locator('#evals circle.trend-point').count()).toBeGreaterThanOrEqual(2);

    // Parameter importance: one row per parameter, each target's shares summing to 100%.
    const importanceRows = page.locator('#importance table.importance tbody tr');
    expect(await importanceRows.count()).toBeGreaterThan(1);
    const scoreShares = (await page.locator('#importance td[data-target="score"]').allInnerTexts()).map((t) =>
      Number.parseFloat(t),
    );
    expect(scoreShares.reduce((s, v) => s + v, 0)).toBeCloseTo(100, 0);
    expect(await page.locator('#importance svg.importance-bar').count()).toBeGreaterThan(1);
    expect(await page.locator('#best-why').innerText()).toMatch(/^Why #\d+ won: (won on|tied on|picked over|the only)/);

    // Drill-down: open the first question of the best configuration.
    const drill = page.locator('#drilldown details.config-detail');
    expect(await drill.count()).toBe(Math.min(3, complete));
    await drill.first().locator('details.question-detail').first().locator('summary').click();
    const drillText = await page.locator('#drilldown').innerText();
    expect(drillText).toContain('When does the harbour of Veltrane open?');
    expect(drillText).toContain('at dawn');
    // The hostile question renders as its literal text.
    expect(await page.locator('#drilldown').textContent()).toContain(
      'When was the bridge restored? <script>window.__pwned = 1</script>',
    );
    expect(await page.locator('#drilldown script, #drilldown img').count()).toBe(0);

    // The page script works: a click selects a trial, a hover shows its configuration. Points sit
    // at measured latencies, so two may overlap (and a stroke reaches past a circle's bounding box),
    // so the pointer goes to whole-pixel coordinates where the page itself says which point is on
    // top, and the tooltip and selection must name that point's trial.
    await page.locator('#pareto-chart').scrollIntoViewIfNeeded();
    const target = await page.evaluate(() => {
      for (const c of document.querySelectorAll('#pareto-chart circle.point')) {
        const box = c.getBoundingClientRect();
        const x = Math.round(box.x + box.width / 2);
        const y = Math.round(box.y + box.height / 2);
        if (document.elementFromPoint(x, y) === c) return { x, y, trial: c.getAttribute('data-trial') };
      }
      return null;
    });
    expect(target).not.toBeNull();
    await page.mouse.move(target!.x, target!.y);
    expect(await page.locator('#tooltip').innerText()).toMatch(new RegExp(`^#${target!.trial}\\b`));
    await page.mouse.click(target!.x, target!.y);
    expect(await page.locator('#selection').innerText()).toMatch(new RegExp(`^Selected #${target!.trial}\\b`));

    const shot = join(tmpdir(), 'tune-rag-report.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`report screenshot: ${shot}`);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('reports a missing dataset in the drill-down instead of failing', async () => {
    const { renameSync } = await import('node:fs');
    renameSync(join(cwd, 'ds'), join(cwd, 'ds-moved'));
    try {
      const io = captureIo(cwd);
      const path = await runReportCommand(io, tuneJson.study, { out: 'out/no-dataset.html' });
      const page = readFileSync(path, 'utf8');
      expect(page).toContain('could not be loaded');
      expect(page).toContain('(text unavailable)');
    } finally {
      renameSync(join(cwd, 'ds-moved'), join(cwd, 'ds'));
    }
  });

  it('names the known studies when the study does not exist', async () => {
    await expect(runReportCommand(captureIo(cwd), 'nope', {})).rejects.toThrow(/no study "nope"/);
  });
});
