import { join } from 'node:path';
import { mulberry32 } from '../../src/stats/seeded-random.js';
import type { Objective } from '../../src/optimize/proposers/proposer.js';
import { sampleConfig } from '../../src/optimize/proposers/sampling/sample-config.js';
import { newTrialRecord, type ObjectiveValues, type TrialRecord, type TrialState } from '../../src/store/trial.js';
import { stableHash } from '../../src/json/canonical-json.js';
import { CATALOGUE_DEFAULTS } from '../../src/space/catalogue-defaults.js';
import { loadSearchSpace } from '../../src/space/load-space.js';
import { SearchSpaceSchema, type Config, type SearchSpace } from '../../src/space/parameter-schema.js';
import { TEST_CATALOGUE } from '../space/test-catalogue.js';

/** The shipped default space, completed over a catalogue with fixed component names. */
export function loadDefaultSpace(): SearchSpace {
  return loadSearchSpace({
    path: join(__dirname, '../../pipelines/default.space.json'),
    catalogue: TEST_CATALOGUE,
    fixed: CATALOGUE_DEFAULTS,
  });
}

/** A small space with a log int, a conditional float, a stepped conditional int and two categoricals. */
export const TOY_SPACE: SearchSpace = SearchSpaceSchema.parse({
  name: 'toy',
  parameters: [
    { name: 'model', type: 'categorical', group: 'generator', values: ['small', 'large'] },
    { name: 'mode', type: 'categorical', group: 'retrieval', values: ['a', 'b', 'c'] },
    { name: 'width', type: 'int', group: 'chunking', low: 1, high: 100, log: true },
    { name: 'ratio', type: 'float', group: 'context', low: 0, high: 1, when: { mode: ['a', 'b'] } },
    { name: 'depth', type: 'int', group: 'reranking', low: 2, high: 10, step: 2, when: { mode: ['c'] } },
  ],
});

/** Four configurations in all, to test exhaustion. */
export const TINY_SPACE: SearchSpace = SearchSpaceSchema.parse({
  name: 'tiny',
  parameters: [
    { name: 'flag', type: 'categorical', group: 'retrieval', values: [true, false] },
    { name: 'k', type: 'int', group: 'retrieval', low: 1, high: 2 },
  ],
});

export const OBJECTIVES: Objective[] = [
  { name: 'quality', metric: 'f1', direction: 'max' },
  { name: 'latency', metric: 'latency_p50_ms', direction: 'min' },
];
export const WEIGHTS = { quality: 1, latency: 0.25 };

const num = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);

/**
 * A synthetic objective with a known optimum in both the toy and the default space: quality
 * peaks at width/chunk.size ≈ 20/256, ratio ≈ 0.8, mode a / hybrid retrieval; latency grows with
 * size and depth.
 */
export function toyObjective(config: Config): ObjectiveValues {
  const size = num(config.width, num(config['chunk.size'], 256) / 12.8);
  const sizeTerm = Math.exp(-((Math.log10(size) - 1.3) ** 2) / 0.08);
  const ratio = num(config.ratio, num(config['fusion.weight'], num(config['chunk.overlap'], 0.3) * 2.6));
  const modeBonus =
    config.mode === 'a' || config.retrieval === 'hybrid'
      ? 0.3 - 0.3 * (ratio - 0.8) ** 2
      : config.mode === 'b' || config.retrieval === 'dense'
        ? 0.1
        : 0;
  const modelBonus = config.model === 'large' || config.generator === 'extractive-span' ? 0.1 : 0;
  const quality = 0.5 * sizeTerm + modeBonus + modelBonus + (0.02 * num(config.top_k, 5)) / 20;
  const latency = 10 + size + 3 * num(config.depth, num(config['rerank.candidates'], 0) / 5);
  return { quality, latency };
}

/** A trial record as a store would return it. */
export function makeTrial(options: {
  number: number;
  config: Config;
  state?: TrialState;
  objectives?: ObjectiveValues | null;
  proposer?: string;
}): TrialRecord {
  const { number, config, state = 'complete', proposer = 'test' } = options;
  const finished = state === 'complete' || state === 'pruned';
  const objectives = options.objectives !== undefined ? options.objectives : finished ? toyObjective(config) : null;
  return newTrialRecord({
    id: number + 1,
    studyId: 1,
    number,
    state,
    config,
    configHash: stableHash(config),
    proposer,
    rationale: 'fixture',
    rungs: objectives ? [{ rung: 0, questions: 10, metrics: {}, objectives }] : [],
    objectives,
    error: state === 'failed' ? 'boom' : null,
    createdAt: number,
    startedAt: state === 'waiting' ? null : number,
    finishedAt: finished || state === 'failed' ? number : null,
  });
}

/**
 * A history of `count` random trials scored by {@link toyObjective}; states cycle so that most
 * are complete and some are pruned, failed, waiting or running.
 */
export function randomHistory(options: {
  space: SearchSpace;
  count: number;
  seed: number;
  mixedStates?: boolean;
}): TrialRecord[] {
  const random = mulberry32(options.seed);
  const states: TrialState[] = [
    'complete',
    'complete',
    'pruned',
    'complete',
    'failed',
    'complete',
    'waiting',
    'complete',
    'running',
    'complete',
  ];
  const out: TrialRecord[] = [];
  const seen = new Set<string>();
  while (out.length < options.count) {
    const config = sampleConfig({ space: options.space, random });
    if (seen.has(stableHash(config))) continue;
    seen.add(stableHash(config));
    out.push(
      makeTrial({
        number: out.length,
        config,
        state: options.mixedStates ? states[out.length % states.length] : 'complete',
      }),
    );
  }
  return out;
}
