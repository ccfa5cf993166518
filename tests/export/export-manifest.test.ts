import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportConfiguration, ExportManifestSchema } from '../../src/index.js';
import { runCli, STACK_LINE } from '../cli/run-cli.js';

/** Figures measured afresh by every run (timings): checked as numbers, not as values. */
const MEASURED = [
  'latency_p50_ms',
  'latency_p95_ms',
  'latency_mean_ms',
  'index_build_ms',
  'stage_retrieve_p50_ms',
  'stage_generate_p50_ms',
];

/** A one-trial study on the demo (the baseline), exported as JSON, and every refusal of `export`. */
describe('tune-rag export --format json', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-export-json-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));
  beforeAll(() => {
    const tuned = runCli(['--dataset', 'demo', '--seed', '1', '--budget', '1', '--study', 'm1'], { cwd });
    expect(tuned.code, tuned.stderr).toBe(0);
  }, 120_000);

  it('writes the manifest of the best trial: configuration, versions, seeds, dataset, metrics', () => {
    const result = runCli(['export', 'm1', '--format', 'json', '--out', 'm.json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`exported trial #0 (best) of m1 as a manifest: ${join(cwd, 'm.json')}\n`);
    const manifest = ExportManifestSchema.parse(JSON.parse(readFileSync(join(cwd, 'm.json'), 'utf8')));
    for (const key of MEASURED) {
      expect(manifest.metrics[key]).toBeGreaterThan(0);
      delete manifest.metrics[key];
    }
    expect(manifest.objectives.latency).toBeGreaterThan(0);
    expect(manifest.space.hash).toMatch(/^[0-9a-f]{16}$/);
    expect({
      ...manifest,
      objectives: { ...manifest.objectives, latency: 'measured' },
      space: { ...manifest.space, hash: 'h' },
    }).toEqual({
      format: 'tune-rag-export/1',
      tuneRagVersion: '0.1.0',
      study: 'm1',
      trial: { number: 0, state: 'complete', best: true },
      config: {
        'chunk.strategy': 'recursive',
        'chunk.size': 256,
        'chunk.overlap': 0.15,
        retrieval: 'dense',
        embedder: 'hash-words',
        top_k: 4,
        reranker: 'none',
        generator: 'extractive-sentence',
        'context.max_tokens': 2048,
      },
      components: {
        embedder: { name: 'hash-words', version: '3' },
        reranker: null,
        generator: { name: 'extractive-sentence', version: '1' },
        prompt: null,
      },
      seeds: { study: 1, hnsw: 42 },
      dataset: { name: 'demo', fingerprint: 'e1bbc1aa6c1894c0', documents: 75, questions: 186 },
      space: { name: 'default', hash: 'h' },
      questions: 186,
      objectives: { quality: 0.1479479114628854, retrieval: 0.875448028673835, latency: 'measured', cost: 0 },
      metrics: {
        exact_match: 0,
        f1: 0.1479479114628854,
        containment: 0.4838709677419355,
        rouge_l: 0.1479479114628854,
        content_f1: 0.19577492779547317,
        content_rouge_l: 0.19337151783688497,
        recall_at_k: 0.875448028673835,
        precision_at_k: 0.2701612903225806,
        mrr: 0.8060035842293904,
        ndcg_at_k: 0.7990866205849101,
        hit_rate: 0.9408602150537635,
        recall_at_context: 0.875448028673835,
        precision_at_context: 0.2701612903225806,
        mrr_at_context: 0.8060035842293904,
        ndcg_at_context: 0.7990866205849101,
        hit_at_context: 0.9408602150537635,
        faithfulness: 1,
        retry_wait_ms: 0,
        // Exact search at evaluation time: the corpus vectors, no HNSW graph (see chooseDenseSearch).
        index_bytes: 630788,
        dense_search_exact: 1,
        tokens_per_query: 0,
        cost_usd_per_query: 0,
        questions: 186,
        failed_questions: 0,
        context_chunks: 4,
        stage_rerank_p50_ms: 0,
      },
    });
  });

  it('exportConfiguration returns the manifest it wrote', () => {
    const { path, manifest } = exportConfiguration({ study: 'm1', trial: 0, format: 'json', out: 'lib.json', cwd });
    expect(path).toBe(join(cwd, 'lib.json'));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(manifest);
  });

  it('refuses an unknown study, a path as study name, an unknown trial, and a database that is not there', () => {
    const cases: [string[], string, string][] = [
      [
        ['export', 'm2', '--format', 'json', '--out', 'x.json'],
        'error: no study "m2" in ',
        'hint: List the studies with tune-rag runs (m1).',
      ],
      [
        ['export', '../m1', '--format', 'json', '--out', 'x.json'],
        'error: study "../m1": contains a path separator',
        'hint: Use a letter or digit',
      ],
      [
        ['export', 'm1', '--trial', '5', '--format', 'json', '--out', 'x.json'],
        'error: study "m1" has no trial #5 (it has #0 to #0)',
        'hint: See the trials with tune-rag show m1.',
      ],
      [
        ['export', 'm1', '--format', 'json', '--out', 'x.json', '--db', 'none.db'],
        `error: no study database at ${join(cwd, 'none.db')}`,
        'give the database with --storage',
      ],
    ];
    for (const [args, error, hint] of cases) {
      const result = runCli(args, { cwd });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(error);
      expect(result.stderr).toContain(hint);
      expect(result.stderr).not.toMatch(STACK_LINE);
    }
    expect(existsSync(join(cwd, 'x.json'))).toBe(false);
  });

  it('refuses to overwrite a file without --force, and overwrites it with --force', () => {
    writeFileSync(join(cwd, 'taken.json'), 'mine');
    const refused = runCli(['export', 'm1', '--format', 'langchain', '--out', 'taken.json'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `error: ${join(cwd, 'taken.json')} already exists\nhint: Choose another --out file, or overwrite it with --force.\n`,
    );
    expect(readFileSync(join(cwd, 'taken.json'), 'utf8')).toBe('mine');
    const forced = runCli(['export', 'm1', '--format', 'langchain', '--out', 'taken.json', '--force'], { cwd });
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'taken.json'), 'utf8')).toContain('export async function buildPipeline');
  });

  it('names the allowed formats', () => {
    const result = runCli(['export', 'm1', '--format', 'yaml', '--out', 'x.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "option '--format <format>' argument 'yaml' is invalid. Allowed choices are json, langchain.",
    );
  });
});
