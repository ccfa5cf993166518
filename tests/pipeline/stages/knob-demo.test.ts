import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/data/load-dataset.js';
import type { Dataset } from '../../../src/data/dataset-schema.js';
import { PipelineRunner } from '../../../src/pipeline/pipeline-runner.js';
import { StageCache } from '../../../src/pipeline/stage-cache.js';
import { ComponentRegistry } from '../../../src/providers/component-registry.js';
import { buildCatalogue } from '../../../src/space/catalogue.js';
import { CATALOGUE_DEFAULTS } from '../../../src/space/catalogue-defaults.js';
import type { Config } from '../../../src/space/parameter-schema.js';
import { resolveConfig } from '../../../src/space/validate-config.js';
import baseline from '../../../pipelines/baseline.json' with { type: 'json' };

const components = new ComponentRegistry();
const catalogue = buildCatalogue(components.names());
let runner: PipelineRunner;

beforeAll(async () => {
  const dataset: Dataset = await loadDataset({ spec: 'demo', cwd: process.cwd() });
  runner = new PipelineRunner({
    dataset,
    cache: new StageCache({ dir: mkdtempSync(join(tmpdir(), 'knob-demo-')) }),
    components,
  });
}, 120_000);

const metricsOf = async (extra: Config) => {
  const config = resolveConfig({
    config: { ...baseline, ...extra },
    space: catalogue,
    defaults: CATALOGUE_DEFAULTS,
    source: 'test',
  }).config;
  const { metrics } = await runner.run({ config });
  return {
    f1: metrics.f1,
    recall_at_k: metrics.recall_at_k,
    recall_at_context: metrics.recall_at_context,
    failed: metrics.failed_questions,
  };
};

// Exact figures over all 186 demo questions. The baseline's are those of `tune-rag --dataset demo`'s
// trial #0 (f1 0.148, retrieval 0.875): the knobs leave a configuration without them untouched.
// Expansion and compression leave recall@k alone (retrieval is the same) and change what the
// generator saw: recall "at context" rises with the wider window, and parent passages cut by the
// context budget can lose a little of it.
describe('one demo run per offline knob (pipelines/baseline.json plus the knob)', () => {
  const cases: [string, Config, ReturnType<typeof figures>][] = [
    ['baseline', {}, figures(0.1479479114628854, 0.875448028673835, 0.875448028673835)],
    [
      'rm3',
      { 'query.rewrite': 'rm3', 'rm3.terms': 10, 'rm3.docs': 3, 'rm3.weight': 0.6 },
      figures(0.14232827376933896, 0.8673835125448027, 0.8673835125448027),
    ],
    [
      'window',
      { 'context.expand': 'window', 'context.window': 1 },
      figures(0.145897004338835, 0.875448028673835, 0.8781362007168457),
    ],
    [
      'parent',
      { 'context.expand': 'parent', 'parent.size': 512 },
      figures(0.1401748273188335, 0.875448028673835, 0.8727598566308242),
    ],
    [
      'sentences',
      { 'context.compress': 'sentences', 'compress.keep': 0.5 },
      figures(0.10302956925788197, 0.875448028673835, 0.875448028673835),
    ],
    ['ends', { 'context.order': 'ends' }, figures(0.14354032655122953, 0.875448028673835, 0.875448028673835)],
  ];
  for (const [name, extra, expected] of cases) {
    it(name, async () => {
      expect(await metricsOf(extra)).toEqual(expected);
    }, 120_000);
  }
});

function figures(f1: number, recallAtK: number, recallAtContext: number) {
  return { f1, recall_at_k: recallAtK, recall_at_context: recallAtContext, failed: 0 };
}
