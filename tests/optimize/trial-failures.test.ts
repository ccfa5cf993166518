import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset-schema.js';
import { percentile } from '../../src/stats/percentile.js';
import { evaluateTrial } from '../../src/optimize/evaluate-trial.js';
import { successiveHalvingPruner } from '../../src/optimize/pruners/successive-halving.js';
import { KNOWN_OBJECTIVES } from '../../src/optimize/objectives.js';
import { makeStudySettings } from '../../src/optimize/study-settings.js';
import { Study } from '../../src/optimize/study.js';
import { PipelineRunner } from '../../src/pipeline/pipeline-runner.js';
import { StageCache } from '../../src/pipeline/stage-cache.js';
import { ComponentRegistry } from '../../src/providers/component-registry.js';
import type { Generator } from '../../src/providers/generator.js';
import { summarizeStudy, studyJson } from '../../src/optimize/study-summary.js';
import { buildCatalogue } from '../../src/space/catalogue.js';
import { CATALOGUE_DEFAULTS } from '../../src/space/catalogue-defaults.js';
import type { Config } from '../../src/space/parameter-schema.js';
import { resolveConfig } from '../../src/space/validate-config.js';
import { MemoryStudyStore } from '../../src/store/memory-study-store.js';

const topics = [
  'port',
  'retention',
  'backup',
  'replication',
  'timeouts',
  'tokens',
  'plugins',
  'metrics',
  'quotas',
  'logs',
];
const dataset: Dataset = {
  name: 'tiny',
  source: 'memory',
  format: 'native',
  fingerprint: 'tiny-failures-v1',
  hasAnswers: true,
  hasGold: true,
  docs: topics.map((topic, i) => ({
    id: `doc-${topic}`,
    title: topic,
    text: `The default ${topic} limit is ${100 + i} units. Operators change the ${topic} limit in the config file.`,
  })),
  questions: topics.map((topic, i) => ({
    id: `q-${topic}`,
    question: `What is the default ${topic} limit?`,
    answers: [`${100 + i} units`],
    gold_doc_ids: [`doc-${topic}`],
  })),
};

/** The extractive reader, except that it fails on the questions about `failing` topics (with the given messages). */
function flakyGenerator(name: string, failing: Record<string, string>, inner: Generator): Generator {
  return {
    name,
    version: '1',
    description: 'fails on some questions',
    local: true,
    async generate(options) {
      const topic = Object.keys(failing).find((t) => options.question.includes(`default ${t} limit`));
      if (topic) throw new Error(failing[topic]);
      return inner.generate(options);
    },
  };
}

const caches: StageCache[] = [];
afterEach(() => caches.splice(0).forEach((c) => c.close()));

describe('a trial with failed questions', () => {
  it('fails above the study limit (reason, partial metrics, not ranked) and stays complete below it, its failures counted', async () => {
    const components = new ComponentRegistry();
    const reader = components.generator('extractive-span');
    components.registerGenerator(
      flakyGenerator(
        'flaky-3',
        { port: 'upstream timeout', backup: 'upstream timeout', tokens: 'quota exceeded' },
        reader,
      ),
    );
    components.registerGenerator(
      flakyGenerator('flaky-2', { port: 'upstream timeout', logs: 'quota exceeded' }, reader),
    );
    const catalogue = buildCatalogue(components.names());
    const configOf = (generator: string): Config =>
      resolveConfig({
        config: { retrieval: 'bm25', top_k: 2, reranker: 'none', generator },
        space: catalogue,
        defaults: CATALOGUE_DEFAULTS,
        source: 'test',
      }).config;
    const cache = new StageCache({ dir: mkdtempSync(join(tmpdir(), 'tune-rag-trial-failures-')) });
    caches.push(cache);
    const runner = new PipelineRunner({ dataset, cache, components });
    const objectives = [KNOWN_OBJECTIVES.quality, KNOWN_OBJECTIVES.latency];
    const store = new MemoryStudyStore();
    const settings = makeStudySettings({
      dataset: { name: 'tiny', source: 'memory', fingerprint: dataset.fingerprint, documents: dataset.docs.length },
      questionCount: 10,
      space: catalogue,
      spaceHash: 'h',
      objectives,
      weights: { quality: 1, latency: 0.1 },
      constraints: [],
      seed: 0,
      budget: 3,
      proposer: 'random',
      rungs: [10],
      eta: 3,
      baseline: {},
      versions: {},
    });
    expect(settings.maxFailureRate).toBe(0.2);
    const study = Study.create({ store, name: 's', settings });
    study.enqueue({
      proposals: ['flaky-3', 'flaky-2', 'extractive-span'].map((g) => ({ config: configOf(g), rationale: g })),
      proposer: 'test',
    });
    const finished = [];
    for (let i = 0; i < 3; i++) {
      finished.push(
        await evaluateTrial({
          study,
          trial: study.ask('w')!,
          runner,
          questionOrder: dataset.questions,
          rungs: [10],
          objectives,
          weights: settings.weights,
          pruner: successiveHalvingPruner({ eta: 3 }),
        }),
      );
    }
    const [three, two, none] = finished;

    expect(three.state).toBe('failed');
    expect(three.error).toBe('3 of 10 questions failed (30%, limit 20%): upstream timeout (x2), quota exceeded (x1)');
    // Its metrics are kept, and they score the three failures as wrong answers.
    const results = store.questionResults({ trialId: three.id, rung: 0 });
    const failedResults = results.filter((r) => r.error);
    expect(failedResults.map((r) => r.questionId).sort()).toEqual(['q-backup', 'q-port', 'q-tokens']);
    for (const r of failedResults) expect(Object.values(r.scores).every((v) => v === 0)).toBe(true);
    expect(three.metrics!.failed_questions).toBe(3);
    expect(three.metrics!.f1).toBeCloseTo(results.reduce((sum, r) => sum + r.scores.f1!, 0) / 10, 12);
    expect(three.metrics!.latency_p95_ms).toBe(
      percentile({ values: results.filter((r) => !r.error).map((r) => r.latencyMs), p: 95 }),
    );

    expect(two.state).toBe('complete'); // exactly 20% is within the limit
    expect(two.metrics!.failed_questions).toBe(2);
    expect(none.metrics!.failed_questions).toBe(0);
    // The failing configuration cannot beat the one that answers everything by failing on hard questions.
    expect(two.metrics!.f1!).toBeLessThan(none.metrics!.f1!);

    const summary = summarizeStudy(study);
    expect(summary.leaderboard.map((e) => e.trial.id).sort()).toEqual([two.id, none.id].sort());
    expect(summary.failures).toEqual({
      questions: 5,
      trials: 2,
      failedTrials: 1,
      byError: [
        { message: 'upstream timeout', count: 3 },
        { message: 'quota exceeded', count: 2 },
      ],
    });
    const json = studyJson(summary) as {
      trials: { id: number; failed_questions: number; question_errors: unknown }[];
      failures: unknown;
    };
    expect(json.trials.map((t) => t.failed_questions)).toEqual([3, 2, 0]);
    expect(json.trials[1].question_errors).toEqual([
      { message: 'quota exceeded', count: 1 },
      { message: 'upstream timeout', count: 1 },
    ]);
    expect(json.failures).toEqual({
      questions: 5,
      trials: 2,
      failed_trials: 1,
      by_error: [
        { message: 'upstream timeout', count: 3 },
        { message: 'quota exceeded', count: 2 },
      ],
    });
  });
});
