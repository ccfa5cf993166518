import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUESTION_SCORE_KEYS } from '../../src/metrics/score-question.js';
import { runCli } from '../cli/run-cli.js';

const ROOT = join(__dirname, '../..');
/** The retrieval metrics of a question (at k and at context), from the metric schema. */
const RETRIEVAL_METRICS = QUESTION_SCORE_KEYS.filter((key) => /recall|precision|mrr|ndcg|hit/.test(key));

interface Trial {
  id: number;
  state: string;
  config: Record<string, string | number>;
}

/**
 * THE export test of issue 15: a seeded study on the demo, its best and trials covering dense,
 * BM25, hybrid (rrf and weighted) and both local rerankers exported as LangChain.js modules, each
 * run by `node` in a child process, and its retrieval metrics compared with `tune-rag run` of
 * the same configuration. The folder is inside the repository (tmp/, ignored by git) so the
 * module's `import 'tune-rag/langchain'` resolves through package.json "exports" (Node's
 * self-reference of a package), as it would from a project with tune-rag installed.
 * Measured: every retrieval metric equal (difference 0 up to float summation order, < 1e-12).
 */
describe('tune-rag export --format langchain', () => {
  mkdirSync(join(ROOT, 'tmp'), { recursive: true });
  const cwd = mkdtempSync(join(ROOT, 'tmp', 'export-'));
  let trials: Trial[] = [];
  let best = -1;
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  beforeAll(() => {
    const tuned = runCli(
      ['--dataset', 'demo', '--seed', '3', '--budget', '10', '--study', 'ex', '--json', 'out.json'],
      {
        cwd,
      },
    );
    expect(tuned.code, tuned.stderr).toBe(0);
    const out = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8')) as { trials: Trial[]; best: { id: number } };
    trials = out.trials;
    best = out.best.id;
  }, 240_000);

  it('rebuilds the best and 4 other trials; their retrieval metrics match tune-rag run', async () => {
    const pick = (test: (c: Trial['config']) => boolean) => {
      const found = trials.find((t) => t.id !== best && test(t.config));
      expect(found, 'the seeded study covers this kind of configuration').toBeDefined();
      return (found as Trial).id;
    };
    expect(RETRIEVAL_METRICS).toHaveLength(10);
    const chosen = [
      best,
      pick((c) => c.retrieval === 'dense' && c.reranker === 'none'),
      pick((c) => c.retrieval === 'bm25' && c.reranker === 'local'),
      pick((c) => c.retrieval === 'hybrid' && c.fusion === 'rrf'),
      pick((c) => c.retrieval === 'hybrid' && c.fusion === 'weighted' && c.reranker === 'mmr'),
    ];
    expect(new Set(chosen).size).toBe(5);
    const exported = chosen.map((id) => {
      const file = `trial-${id}.mjs`;
      const args = [
        'export',
        'ex',
        '--format',
        'langchain',
        '--out',
        file,
        ...(id === best ? [] : ['--trial', `${id}`]),
      ];
      const result = runCli(args, { cwd });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`exported trial #${id}${id === best ? ' (best)' : ''} of ex`);
      const source = readFileSync(join(cwd, file), 'utf8');
      expect(source).toContain("from 'tune-rag/langchain'");
      return { id, file };
    });
    // Two children at a time: the machine has 2 cores.
    const run = promisify(execFile);
    const moduleMetrics: Record<string, number | null>[] = [];
    for (let i = 0; i < exported.length; i += 2) {
      const batch = exported.slice(i, i + 2).map(async ({ file }) => {
        const { stdout } = await run(process.execPath, [file, '--dataset', 'demo'], { cwd, maxBuffer: 1 << 24 });
        const parsed = JSON.parse(stdout) as { questions: number; failed: number; metrics: Record<string, number> };
        expect(parsed.questions).toBe(186);
        expect(parsed.failed).toBe(0);
        return parsed.metrics;
      });
      moduleMetrics.push(...(await Promise.all(batch)));
    }
    const differences: Record<number, number> = {};
    exported.forEach(({ id }, i) => {
      const config = trials.find((t) => t.id === id)?.config;
      writeFileSync(join(cwd, `config-${id}.json`), JSON.stringify(config));
      const own = runCli(['run', '--dataset', 'demo', '--config', `config-${id}.json`, '--json', `run-${id}.json`], {
        cwd,
      });
      expect(own.code, own.stderr).toBe(0);
      const tuneRag = (
        JSON.parse(readFileSync(join(cwd, `run-${id}.json`), 'utf8')) as { metrics: Record<string, number> }
      ).metrics;
      let largest = 0;
      for (const key of RETRIEVAL_METRICS) {
        expect(moduleMetrics[i][key], `${key} of trial #${id}`).toBeTypeOf('number');
        largest = Math.max(largest, Math.abs((moduleMetrics[i][key] as number) - tuneRag[key]));
      }
      differences[id] = largest;
      // The answers are the same too: the same generator saw the same context.
      expect(Math.abs((moduleMetrics[i].f1 as number) - tuneRag.f1)).toBeLessThan(1e-12);
    });
    console.log('largest retrieval-metric difference per exported trial:', differences);
    for (const difference of Object.values(differences)) {
      expect(difference).toBeLessThanOrEqual(0.02);
      expect(difference).toBeLessThan(1e-12);
    }
  }, 600_000);
});
