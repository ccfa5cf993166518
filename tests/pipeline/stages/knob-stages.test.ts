import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PipelineRunner } from '../../../src/pipeline/pipeline-runner.js';
import { StageCache } from '../../../src/pipeline/stage-cache.js';
import { ComponentRegistry } from '../../../src/providers/component-registry.js';
import { buildCatalogue } from '../../../src/space/catalogue.js';
import { CATALOGUE_DEFAULTS } from '../../../src/space/catalogue-defaults.js';
import type { Config } from '../../../src/space/parameter-schema.js';
import { resolveConfig } from '../../../src/space/validate-config.js';
import { tinyDataset as dataset } from '../../support/tiny-dataset.js';

const components = new ComponentRegistry();
const catalogue = buildCatalogue(components.names());
const base: Config = {
  'chunk.strategy': 'sentence',
  'chunk.size': 32,
  retrieval: 'bm25',
  top_k: 3,
  reranker: 'none',
  generator: 'extractive-sentence',
};
const resolve = (extra: Config) =>
  resolveConfig({ config: { ...base, ...extra }, space: catalogue, defaults: CATALOGUE_DEFAULTS, source: 'test' })
    .config;
const runner = () =>
  new PipelineRunner({ dataset, cache: new StageCache({ dir: mkdtempSync(join(tmpdir(), 'knobs-')) }), components });

const portOutcome = async (extra: Config) => (await runner().run({ config: resolve(extra) })).outcomes[0];
const spans = (seen: { docId: string; start: number; end: number }[] | undefined) =>
  seen?.map((p) => [p.docId, p.start, p.end]);

// The tiny corpus chunked by sentences at 32 tokens: doc-port is chunk 0 = [0, 132) (heading and
// three sentences) and chunk 1 = [133, 190) ("Unrelated filler sentence number 0 ..."); BM25 on
// "What is the default port limit?" ranks chunks 0, 1, then chunk 2 = doc-retention [0, 152).
describe('the context and query knobs on the tiny corpus (question q-port, top_k 3)', () => {
  it('without knobs: the three chunks as they are, and no located passages', async () => {
    const outcome = await portOutcome({});
    expect(outcome.contextChunks).toEqual([0, 1, 2]);
    expect(outcome.seen).toBeUndefined();
    expect(Object.keys(outcome.stageLatencyMs)).toEqual(['retrieve', 'rerank', 'generate']);
  });

  it('window: each hit with one sentence on each side, at its document offsets', async () => {
    const outcome = await portOutcome({ 'context.expand': 'window', 'context.window': 1 });
    // Chunk 0 gains the filler sentence after it; chunk 1 the "Operators change ..." sentence before it.
    expect(spans(outcome.seen)).toEqual([
      ['doc-port', 0, 190],
      ['doc-port', 81, 190],
      ['doc-retention', 0, 210],
    ]);
    expect(outcome.seen?.[1].text).toBe(
      'Operators change the port limit in the config file. Unrelated filler sentence number 0 about weather and tea.',
    );
    expect(Object.keys(outcome.stageLatencyMs)).toEqual(['retrieve', 'rerank', 'expand', 'generate']);
  });

  it('parent: hits sharing a parent block appear once, as the whole block', async () => {
    const outcome = await portOutcome({ 'context.expand': 'parent', 'parent.size': 256 });
    // Both doc-port chunks lie in its one 256-token parent: chunk 1 is deduplicated.
    expect(outcome.contextChunks).toEqual([0, 2]);
    expect(spans(outcome.seen)).toEqual([
      ['doc-port', 0, 190],
      ['doc-retention', 0, 210],
    ]);
    expect(outcome.seen?.[0].text).toBe(dataset.docs[0].text);
  });

  it('sentences: keeps half of each passage’s sentences, the answer sentence included, in document order', async () => {
    const outcome = await portOutcome({ 'context.compress': 'sentences', 'compress.keep': 0.5 });
    expect(outcome.context.split('\n\n')[0]).toBe(
      'The default port limit is 100 units. Operators change the port limit in the config file.',
    );
    expect(spans(outcome.seen)).toEqual([
      ['doc-port', 44, 132],
      ['doc-port', 133, 190],
      ['doc-retention', 54, 152],
    ]);
    expect(outcome.answer).toBe('The default port limit is 100 units.');
  });

  it('ends: best first, second best last, third in the middle', async () => {
    const outcome = await portOutcome({ 'context.order': 'ends' });
    expect(outcome.contextChunks).toEqual([0, 2, 1]);
    expect(outcome.retrieved).toEqual([0, 1, 2]);
  });

  it('rm3: the feedback terms change the first-stage ranking', async () => {
    const outcome = await portOutcome({ 'query.rewrite': 'rm3', 'rm3.terms': 5, 'rm3.docs': 2, 'rm3.weight': 0.5 });
    expect(outcome.retrieved).toEqual([1, 0, 2]);
    expect(Object.keys(outcome.stageLatencyMs)).toEqual(['rewrite', 'retrieve', 'rerank', 'generate']);
  });
});

describe('stage keys of the knobs', () => {
  const keys = (extra: Config) => runner().keysFor(resolve(extra)).perQuestion;
  const plain = keys({});

  it('neutral values give exactly the keys of the configuration without the knobs', () => {
    expect(Object.keys(plain)).toEqual(['retrieve', 'rerank', 'generate']);
    const neutral = runner().keysFor({
      ...resolve({}),
      'query.rewrite': 'none',
      'context.expand': 'none',
      'context.compress': 'none',
      'context.order': 'rank',
    }).perQuestion;
    expect(neutral).toEqual(plain);
  });

  it('a context knob re-keys its stage and what follows, never retrieval or reranking', () => {
    for (const [extra, stage] of [
      [{ 'context.expand': 'window', 'context.window': 2 }, 'expand'],
      [{ 'context.expand': 'parent', 'parent.size': 512 }, 'expand'],
      [{ 'context.compress': 'sentences', 'compress.keep': 0.4 }, 'compress'],
      [{ 'context.order': 'ends' }, 'reorder'],
    ] as [Config, string][]) {
      const knob = keys(extra);
      expect(Object.keys(knob)).toEqual(['retrieve', 'rerank', stage, 'generate']);
      expect(knob.retrieve).toBe(plain.retrieve);
      expect(knob.rerank).toBe(plain.rerank);
      expect(knob.generate).not.toBe(plain.generate);
    }
    expect(keys({ 'context.expand': 'window', 'context.window': 2 }).expand).not.toBe(
      keys({ 'context.expand': 'window', 'context.window': 1 }).expand,
    );
  });

  it('rm3 re-keys rewrite and everything after it; its weight too', () => {
    const rm3 = { 'query.rewrite': 'rm3', 'rm3.terms': 5, 'rm3.docs': 2, 'rm3.weight': 0.5 };
    const knob = keys(rm3);
    expect(Object.keys(knob)).toEqual(['rewrite', 'retrieve', 'rerank', 'generate']);
    expect(knob.retrieve).not.toBe(plain.retrieve);
    expect(keys({ ...rm3, 'rm3.weight': 0.7 }).retrieve).not.toBe(knob.retrieve);
  });
});
