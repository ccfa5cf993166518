import { writeFileSync } from 'node:fs';
import { loadDataset } from '../src/data/load-dataset.js';
import { configureLlm } from '../src/providers/configure-llm.js';
import { ComponentRegistry } from '../src/providers/component-registry.js';
import type { Config } from '../src/space/parameter-schema.js';
import { openWorkspace } from '../src/workspace/workspace.js';
import { startLoopbackServer } from '../tests/support/loopback-openai-server.js';
import { withScratchCache } from './bench-pipeline.js';

/**
 * LLM accounting on a loopback OpenAI-compatible server (no real model is reachable here): LLM
 * calls and tokens per trial, the request-cache hit rate when trials repeat generations, and the
 * judge's share of the money. The server answers with scripted text and realistic usage fields,
 * so the figures measure tune-rag's bookkeeping and caching, not a model.
 */
export async function runLlmUsageBench(options: {
  dataset: string;
  trials: number;
  questions: number;
  json?: string;
}): Promise<unknown> {
  const server = await startLoopbackServer();
  server.setFallback('chat', (request) => {
    const text = JSON.stringify(request.body.messages);
    if (text.includes('Reference answers') || text.includes('Answer to check'))
      return { kind: 'json', value: { verdict: 'correct', score: 1, reason: 'matches' } };
    const number = /\b\d{2,5}\b/.exec(text.split('Question')[0] ?? '');
    return { kind: 'text', text: number ? number[0] : "I don't know" };
  });
  try {
    const registry = new ComponentRegistry();
    const llm = configureLlm({
      registry,
      spec: 'openai:gpt-4o-mini',
      judge: true,
      env: { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-bench' },
    });
    const workspace = openWorkspace({ cwd: process.cwd(), components: registry });
    const dataset = await loadDataset({ spec: options.dataset, cwd: process.cwd() });
    const questions = dataset.questions.slice(0, options.questions);
    let judgeCost = 0;
    let pipelineCost = 0;
    await withScratchCache(
      async (_newRunner, cache) => {
        const { PipelineRunner } = await import('../src/pipeline/pipeline-runner.js');
        const runner = new PipelineRunner({ dataset, cache, components: registry, judge: llm.judge ?? undefined });
        // Trials vary top_k and the prompt: half of them repeat an earlier (top_k, prompt) pair, the
        // usual pattern when a search revisits a neighbourhood.
        for (let t = 0; t < options.trials; t++) {
          const config: Config = {
            ...workspace.baseline,
            generator: 'llm:gpt-4o-mini',
            prompt: t % 2 === 0 ? 'default' : 'concise',
            temperature: 0,
            top_k: 3 + (Math.floor(t / 2) % Math.ceil(options.trials / 4)),
          };
          const { config: resolved } = (await import('../src/space/validate-config.js')).resolveConfig({
            config,
            space: workspace.catalogue,
            defaults: workspace.defaults,
            source: 'bench',
          });
          const run = await runner.run({ config: resolved, questions });
          pipelineCost += (run.metrics.cost_usd_per_query ?? 0) * questions.length;
          judgeCost += (run.metrics.judge_cost_usd_per_query ?? 0) * questions.length;
        }
      },
      { dataset, workspace },
    );
    const s = llm.client.stats();
    const requests = s.calls + s.cacheHits;
    const result = {
      trials: options.trials,
      questionsPerTrial: questions.length,
      callsPerTrial: s.calls / options.trials,
      tokensPerTrial: (s.promptTokens + s.completionTokens) / options.trials,
      requestCacheHitRate: requests ? s.cacheHits / requests : 0,
      retries: s.retries,
      judgeCostShare: pipelineCost + judgeCost > 0 ? judgeCost / (pipelineCost + judgeCost) : 0,
      costUsd: s.costUsd,
    };
    console.log(
      `${options.trials} trials x ${questions.length} questions on ${dataset.name}, gpt-4o-mini prices, loopback server:`,
    );
    console.log(
      `  LLM calls per trial ${result.callsPerTrial.toFixed(1)}, tokens per trial ${result.tokensPerTrial.toFixed(0)}, request-cache hit rate ${(result.requestCacheHitRate * 100).toFixed(0)}%, retries ${s.retries}`,
    );
    console.log(
      `  judge share of money ${(result.judgeCostShare * 100).toFixed(0)}% (pipeline $${pipelineCost.toFixed(5)}, judge $${judgeCost.toFixed(5)} as recorded per trial)`,
    );
    llm.close();
    if (options.json) writeFileSync(options.json, JSON.stringify(result, null, 2));
    return result;
  } finally {
    await server.stop();
  }
}
