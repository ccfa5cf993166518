import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, STACK_LINE } from '../cli/run-cli.js';

const DOCS = ['d1', 'd2', 'd3'];

/**
 * A project file's `pipeline` is tuned by the CLI instead of the built-in pipeline: `tune` searches
 * its declared parameters only, `run --set` checks against them, and a second `tune` answers from
 * the stage cache without calling the pipeline again.
 */
describe('tune-rag.config.mjs with a pipeline', () => {
  let dir: string;
  const calls = () => readFileSync(join(dir, 'calls.log'), 'utf8').trim().split('\n').length;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tune-rag-project-pipeline-'));
    const data = join(dir, 'data');
    mkdirSync(data);
    writeFileSync(
      join(data, 'corpus.jsonl'),
      DOCS.map((id, i) => JSON.stringify({ id, text: `Document ${id} says the colour number ${i} is blue.` })).join(
        '\n',
      ),
    );
    writeFileSync(
      join(data, 'qa.jsonl'),
      DOCS.map((id, i) =>
        JSON.stringify({
          id: `q${i}`,
          question: `Which colour is number ${i}?`,
          answers: ['blue'],
          gold_doc_ids: [id],
        }),
      ).join('\n'),
    );
    // The pipeline returns the first k documents by id: question i is hit exactly when i < k.
    writeFileSync(
      join(dir, 'tune-rag.config.mjs'),
      `import { appendFileSync } from 'node:fs';
const DOCS = ${JSON.stringify(DOCS)};
export default {
  pipeline: {
    name: 'first-k',
    version: '1',
    space: { parameters: [{ name: 'k', type: 'int', low: 1, high: 3 }] },
    baseline: { k: 1 },
    run: ({ question, config }) => {
      appendFileSync(new URL('./calls.log', import.meta.url), question + '\\n');
      return { answer: 'blue', contexts: DOCS.slice(0, config.k).map((id) => ({ id, text: 'Document ' + id })) };
    },
  },
};
`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('tunes the declared parameter, runs one configuration, and reuses the cache', () => {
    const tuned = runCli(
      ['--dataset', 'data', '--budget', '3', '--proposer', 'grid', '--no-fidelity', '--json', 'out.json'],
      {
        cwd: dir,
      },
    );
    expect(tuned.stderr).not.toMatch(STACK_LINE);
    expect(tuned.code).toBe(0);
    const out = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    const configs = out.trials.map((t: { config: Record<string, number> }) => t.config);
    expect(configs.map((c: Record<string, number>) => Object.keys(c))).toEqual([['k'], ['k'], ['k']]);
    expect(configs.map((c: Record<string, number>) => c.k).sort()).toEqual([1, 2, 3]);
    expect(out.best.config).toEqual({ k: 3 });
    expect(calls()).toBe(9);

    const run = runCli(['run', '--dataset', 'data', '--set', 'k=2', '--json', 'run.json'], { cwd: dir });
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    expect(report.metrics.hit_rate).toBeCloseTo(2 / 3, 12);
    expect(calls()).toBe(9); // k=2 ran during the tune: answered from the stage cache

    const unknown = runCli(['run', '--dataset', 'data', '--set', 'top_k=2'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('top_k');
    expect(unknown.stderr).not.toMatch(STACK_LINE);
  });

  it('names the project file when its pipeline is not one', () => {
    const bad = mkdtempSync(join(tmpdir(), 'tune-rag-project-pipeline-bad-'));
    writeFileSync(join(bad, 'tune-rag.config.mjs'), `export default { pipeline: 42 };\n`);
    const result = runCli(['run', '--dataset', 'demo'], { cwd: bad });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('tune-rag.config.mjs: ');
    expect(result.stderr).toContain('pipeline');
    expect(result.stderr).not.toMatch(STACK_LINE);
    rmSync(bad, { recursive: true, force: true });
  });
});
