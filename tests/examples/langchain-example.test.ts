import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupPrice } from '../../src/llm/price-table.js';
import { PipelineRunner } from '../../src/pipeline/pipeline-runner.js';
import { StageCache } from '../../src/pipeline/stage-cache.js';
import { loadProjectFile } from '../../src/project/load-project-file.js';
import { registerLangchainComponents } from '../../src/project/register-langchain.js';
import { ComponentRegistry } from '../../src/providers/component-registry.js';
import { tinyDataset } from '../support/tiny-dataset.js';
import { type LoopbackServer, startLoopbackServer } from '../support/loopback-openai-server.js';
import { spawnCli } from '../support/spawn-cli.js';

const ROOT = resolve(__dirname, '../..');
const CONFIG = 'examples/langchain/tune-rag.config.ts';
const PROMPT_TOKENS = 100;
const COMPLETION_TOKENS = 5;

interface TrialJson {
  state: string;
  config: Record<string, unknown>;
  metrics: Record<string, number | null>;
}

describe('examples/langchain', () => {
  let server: LoopbackServer;
  let work: string;

  beforeAll(async () => {
    server = await startLoopbackServer();
    server.setFallback('chat', () => ({
      kind: 'text',
      text: 'Answer: port 8080',
      promptTokens: PROMPT_TOKENS,
      completionTokens: COMPLETION_TOKENS,
    }));
    work = mkdtempSync(join(tmpdir(), 'tune-rag-lc-example-'));
    process.env.EXAMPLE_LLM_BASE_URL = server.baseURL;
  });

  afterAll(async () => {
    delete process.env.EXAMPLE_LLM_BASE_URL;
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('tunes USE-lite in HNSWLib, a BM25 retriever and ChatOpenAI through the CLI, offline', async () => {
    const json = join(work, 'tune.json');
    const cli = spawnCli(
      [
        '--config-file',
        CONFIG,
        '--dataset',
        'demo',
        '--budget',
        '3',
        '--seed',
        '1',
        '--questions',
        '4',
        '--json',
        json,
        '--cache-dir',
        join(work, 'cache'),
        '--db',
        join(work, 'study.db'),
        '--out',
        join(work, 'out'),
      ],
      { cwd: ROOT },
    );
    expect(await cli.exited, cli.stderr()).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as {
      trials: TrialJson[];
      langchain: Record<string, number | null>;
    };
    const trials = report.trials;
    expect(trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete']);
    // Trial #0 is the built-in baseline; the proposals use the registered components only.
    const proposed = trials.slice(1);
    expect(proposed.map((t) => t.config.generator)).toEqual(['lc-chat', 'lc-chat']);
    expect(proposed.map((t) => t.config.retrieval)).toEqual(['lc-bm25', 'dense']);
    expect(proposed[0].config['lc_bm25.k']).toBe(11);
    expect(proposed[1].config).toMatchObject({ embedder: 'use-lite-lc', vector_store: 'hnswlib' });

    // Every question of both proposals reached the server through ChatOpenAI, with our prompt.
    const chats = server.requests.filter((r) => r.route === 'chat');
    expect(chats).toHaveLength(8);
    for (const request of chats) expect(request.body.model).toBe('gpt-4o-mini');
    const prompt = JSON.stringify(chats[0].body.messages);
    expect(prompt).toContain('Question:');

    // Usage read back from ChatOpenAI's usage_metadata and priced by the price table.
    const price = lookupPrice('gpt-4o-mini');
    if (!price) throw new Error('gpt-4o-mini is priced in the default table');
    const costPerQuery = (PROMPT_TOKENS * price.inputPer1M + COMPLETION_TOKENS * price.outputPer1M) / 1_000_000;
    for (const trial of proposed) {
      expect(trial.metrics.tokens_per_query).toBe(PROMPT_TOKENS + COMPLETION_TOKENS);
      expect(trial.metrics.cost_usd_per_query).toBeCloseTo(costPerQuery, 12);
    }
    expect(trials[0].metrics.tokens_per_query).toBe(0);
    // The run's own account of the components' calls: 8 chat replies' tokens, nothing failed
    // (retries are not asserted: a kept-alive socket the server closed is re-sent and counted).
    expect(report.langchain).toMatchObject({
      failures: 0,
      prompt_tokens: 8 * PROMPT_TOKENS,
      completion_tokens: 8 * COMPLETION_TOKENS,
    });
    expect(report.langchain.cost_usd).toBeCloseTo(8 * costPerQuery, 12);
  }, 300_000);

  it('changes the stage keys of the component whose version changes, and only from its stage on', async () => {
    const keysWith = async (embedderVersion: string) => {
      const { project } = await loadProjectFile({ file: join(ROOT, CONFIG) });
      const components = project.components ?? {};
      const embedders = (components.embedders ?? []).map((e) => ({ ...e, version: embedderVersion }));
      const registry = new ComponentRegistry();
      registerLangchainComponents(registry, { ...components, embedders });
      const cache = new StageCache({ dir: join(work, `keys-${embedderVersion}`) });
      const runner = new PipelineRunner({ dataset: tinyDataset, cache, components: registry });
      const base = {
        'chunk.strategy': 'recursive',
        'chunk.size': 256,
        'chunk.overlap': 0.1,
        top_k: 3,
        reranker: 'none',
        generator: 'lc-chat',
        prompt: 'default',
        'context.max_tokens': 2048,
      };
      return {
        dense: runner.keysFor({ ...base, retrieval: 'dense', embedder: 'use-lite-lc', vector_store: 'hnswlib' }),
        bm25: runner.keysFor({ ...base, retrieval: 'lc-bm25', 'lc_bm25.k': 5 }),
        bm25k8: runner.keysFor({ ...base, retrieval: 'lc-bm25', 'lc_bm25.k': 8 }),
      };
    };
    const a = await keysWith('a');
    const b = await keysWith('b');
    expect(b.dense.chunk).toBe(a.dense.chunk);
    expect(b.dense.embed).not.toBe(a.dense.embed);
    expect(b.dense.perQuestion.retrieve).not.toBe(a.dense.perQuestion.retrieve);
    expect(b.dense.perQuestion.generate).not.toBe(a.dense.perQuestion.generate);
    // The retriever does not use the embedder: its keys stay; its own knob changes them.
    expect(b.bm25.perQuestion.retrieve).toBe(a.bm25.perQuestion.retrieve);
    expect(a.bm25k8.perQuestion.retrieve).not.toBe(a.bm25.perQuestion.retrieve);
    expect(a.bm25.embed).toBeNull();
  });
});
