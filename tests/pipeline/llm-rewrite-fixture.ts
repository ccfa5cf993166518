import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../src/data/dataset-schema.js';
import type { LlmClient } from '../../src/llm/llm-client.js';
import { PipelineRunner } from '../../src/pipeline/pipeline-runner.js';
import { StageCache } from '../../src/pipeline/stage-cache.js';
import { ComponentRegistry } from '../../src/providers/component-registry.js';
import { LlmQueryRewriter } from '../../src/providers/remote/llm-query-rewriter.js';
import { buildCatalogue } from '../../src/space/catalogue.js';
import { CATALOGUE_DEFAULTS } from '../../src/space/catalogue-defaults.js';
import type { Config } from '../../src/space/parameter-schema.js';
import { resolveConfig } from '../../src/space/validate-config.js';
import type { RecordedRequest } from '../support/loopback-openai-server.js';

/**
 * Four one-sentence documents (one chunk each, chunk i = doc i) whose rare words make BM25's
 * rankings plain: "zephyr" matches d0 and d3, "quokka" d1 and d3, "marmot" d2 and d3.
 */
export const rewriteDataset: Dataset = {
  name: 'rewrite-tiny',
  source: 'memory',
  format: 'native',
  fingerprint: 'rewrite-tiny-v1',
  hasAnswers: true,
  hasGold: true,
  docs: [
    { id: 'd0', title: '', text: 'Zephyr gateways accept connections on port 7070.' },
    { id: 'd1', title: '', text: 'Quokka workers drain their queues every night.' },
    { id: 'd2', title: '', text: 'Marmot archives are compressed with zstd.' },
    { id: 'd3', title: '', text: 'Zephyr quokka marmot glossary entry.' },
  ],
  questions: [
    { id: 'q0', question: 'Which port do zephyr gateways accept?', answers: ['7070'], gold_doc_ids: ['d0'] },
    { id: 'q1', question: 'When do quokka workers drain queues?', answers: ['every night'], gold_doc_ids: ['d1'] },
    { id: 'q2', question: 'How are marmot archives compressed?', answers: ['zstd'], gold_doc_ids: ['d2'] },
  ],
};

/** gpt-4o-mini in src/llm/price-table.ts: $0.15 per 1M prompt tokens, $0.60 per 1M completion tokens. */
export const price = (prompt: number, completion: number) => (prompt * 0.15 + completion * 0.6) / 1e6;

/** The question a rewrite request was sent for (its fenced text), or undefined for other requests. */
export function questionOf(request: RecordedRequest): string | undefined {
  const text = JSON.stringify(request.body.messages);
  return rewriteDataset.questions.find((q) => text.includes(`\\n${q.question}\\n`))?.question;
}

/** A registry with the local components and the LLM query rewriter on `client`, and a resolver over its catalogue. */
export function rewriteSetup(client: LlmClient) {
  const components = new ComponentRegistry();
  components.registerQueryRewriter(new LlmQueryRewriter({ client }));
  const catalogue = buildCatalogue(components.names());
  const caches: StageCache[] = [];
  const config = (extra: Config): Config =>
    resolveConfig({
      config: {
        'chunk.strategy': 'sentence',
        'chunk.size': 64,
        retrieval: 'bm25',
        top_k: 4,
        reranker: 'none',
        generator: 'extractive-sentence',
        ...extra,
      },
      space: catalogue,
      defaults: CATALOGUE_DEFAULTS,
      source: 'test',
    }).config;
  const cache = () => {
    const made = new StageCache({ dir: mkdtempSync(join(tmpdir(), 'tune-rag-llm-rewrite-')) });
    caches.push(made);
    return made;
  };
  const runner = (options: { cache?: StageCache; dataset?: Dataset } = {}) =>
    new PipelineRunner({ dataset: options.dataset ?? rewriteDataset, cache: options.cache ?? cache(), components });
  return { components, catalogue, config, cache, runner, close: () => caches.splice(0).forEach((c) => c.close()) };
}
