import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ZERO_USAGE } from '../../src/accounting/usage.js';
import { PipelineRunner } from '../../src/pipeline/pipeline-runner.js';
import type { QuestionStage } from '../../src/pipeline/question-stage.js';
import { StageCache } from '../../src/pipeline/stage-cache.js';
import { QUESTION_STAGES } from '../../src/pipeline/stages.js';
import { ComponentRegistry } from '../../src/providers/component-registry.js';
import { buildCatalogue } from '../../src/space/catalogue.js';
import { CATALOGUE_DEFAULTS } from '../../src/space/catalogue-defaults.js';
import { resolveConfig } from '../../src/space/validate-config.js';
import { TINY_TOPICS, tinyDataset as dataset } from '../support/tiny-dataset.js';

const components = new ComponentRegistry();
const config = resolveConfig({
  config: {
    'chunk.strategy': 'sentence',
    'chunk.size': 32,
    retrieval: 'hybrid',
    embedder: 'hash-words',
    fusion: 'rrf',
    top_k: 2,
    reranker: 'local',
    'rerank.candidates': 5,
    generator: 'extractive-span',
  },
  space: buildCatalogue(components.names()),
  defaults: CATALOGUE_DEFAULTS,
  source: 'test',
}).config;
const questions = TINY_TOPICS.length;

/** An identity "query normalise" stage between the question and retrieval; it counts its calls. */
let normalised = 0;
const normalise: QuestionStage<string> = {
  name: 'normalise',
  version: '1',
  reads: [],
  async run(state) {
    normalised += 1;
    return { value: state.query, usage: ZERO_USAGE };
  },
  apply: (state, query) => ({ ...state, query }),
};
const withNormalise = [normalise, ...QUESTION_STAGES];

const caches: StageCache[] = [];
function freshCache(): StageCache {
  const cache = new StageCache({ dir: mkdtempSync(join(tmpdir(), 'tune-rag-cache-')) });
  caches.push(cache);
  return cache;
}
afterEach(() => caches.splice(0).forEach((c) => c.close()));

describe('a stage added to the list', () => {
  it('runs once per question, in order, and changes no answer or score', async () => {
    normalised = 0;
    const plain = await new PipelineRunner({ dataset, cache: freshCache(), components }).run({ config });
    const runner = new PipelineRunner({ dataset, cache: freshCache(), components, stages: withNormalise });
    const run = await runner.run({ config });
    expect(normalised).toBe(questions);
    expect(runner.stats.executions).toEqual({
      chunk: 1,
      embed: 1,
      index: 2,
      normalise: questions,
      retrieve: questions,
      rerank: questions,
      generate: questions,
    });
    expect(run.outcomes.map((o) => o.answer)).toEqual(plain.outcomes.map((o) => o.answer));
    expect(run.scores).toEqual(plain.scores);
    expect(Object.keys(run.outcomes[0].stageLatencyMs)).toEqual(['normalise', 'retrieve', 'rerank', 'generate']);
    expect(run.keys.perQuestion.retrieve).not.toBe(plain.keys.perQuestion.retrieve);
  });

  it('is cached: a second run computes nothing', async () => {
    const cache = freshCache();
    await new PipelineRunner({ dataset, cache, components, stages: withNormalise }).run({ config });
    normalised = 0;
    const runner = new PipelineRunner({ dataset, cache, components, stages: withNormalise });
    await runner.run({ config });
    expect(normalised).toBe(0);
    expect(runner.stats.executions).toEqual({
      chunk: 0,
      embed: 0,
      index: 0,
      normalise: 0,
      retrieve: 0,
      rerank: 0,
      generate: 0,
    });
    expect(runner.stats.hits).toMatchObject({
      normalise: questions,
      retrieve: questions,
      rerank: questions,
      generate: questions,
    });
  });

  it('bumping its version invalidates it and the stages after it, not those before', async () => {
    const cache = freshCache();
    await new PipelineRunner({ dataset, cache, components, stages: withNormalise }).run({ config });
    const runner = new PipelineRunner({
      dataset,
      cache,
      components,
      stages: withNormalise,
      stageVersions: { normalise: '2' },
    });
    await runner.run({ config });
    expect(runner.stats.executions).toEqual({
      chunk: 0,
      embed: 0,
      index: 0,
      normalise: questions,
      retrieve: questions,
      rerank: questions,
      generate: questions,
    });
  });

  it('placed after retrieval, its bump leaves retrieval cached', async () => {
    const cache = freshCache();
    const after = QUESTION_STAGES.findIndex((s) => s.name === 'retrieve') + 1;
    const late = [...QUESTION_STAGES.slice(0, after), normalise, ...QUESTION_STAGES.slice(after)];
    await new PipelineRunner({ dataset, cache, components, stages: late }).run({ config });
    const runner = new PipelineRunner({ dataset, cache, components, stages: late, stageVersions: { normalise: '2' } });
    await runner.run({ config });
    expect(runner.stats.executions).toEqual({
      chunk: 0,
      embed: 0,
      index: 0,
      retrieve: 0,
      normalise: questions,
      rerank: questions,
      generate: questions,
    });
  });
});

describe('the stage list', () => {
  it('refuses two stages of one name: they would share cache entries and counters', () => {
    expect(
      () =>
        new PipelineRunner({
          dataset,
          cache: freshCache(),
          components,
          stages: [...QUESTION_STAGES, { ...normalise, name: 'rerank' }],
        }),
    ).toThrow('two pipeline stages are named "rerank": stage names must be distinct');
    expect(
      () =>
        new PipelineRunner({
          dataset,
          cache: freshCache(),
          components,
          stages: [{ ...normalise, name: 'chunk' }, ...QUESTION_STAGES],
        }),
    ).toThrow('two pipeline stages are named "chunk"');
  });
});

describe('a stage with a parameter of its own', () => {
  /** Lower-cases the query when "query.lowercase" is true; the key is part of its cache key. */
  const lowercase: QuestionStage<string> = {
    name: 'lowercase',
    version: '1',
    reads: ['query.lowercase'],
    async run(state, { values }) {
      return { value: values['query.lowercase'] === true ? state.query.toLowerCase() : state.query, usage: ZERO_USAGE };
    },
    apply: (state, query) => ({ ...state, query }),
  };
  const stages = [lowercase, ...QUESTION_STAGES];

  it('reads it from the configuration as given; changing it re-runs it and what follows only', async () => {
    const cache = freshCache();
    await new PipelineRunner({ dataset, cache, components, stages }).run({
      config: { ...config, 'query.lowercase': false },
    });
    const runner = new PipelineRunner({ dataset, cache, components, stages });
    const run = await runner.run({ config: { ...config, 'query.lowercase': true } });
    expect(run.failures).toBe(0);
    expect(runner.stats.executions).toEqual({
      chunk: 0,
      embed: 0,
      index: 0,
      lowercase: questions,
      retrieve: questions,
      rerank: questions,
      generate: questions,
    });
  });
});
