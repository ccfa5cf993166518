import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SteeringSession } from '../../src/chat/steering-session.js';
import { makeStudySettings } from '../../src/optimize/study-settings.js';
import { Study } from '../../src/optimize/study.js';
import type { Config, SearchSpace } from '../../src/space/parameter-schema.js';
import { CATALOGUE_DEFAULTS } from '../../src/space/catalogue-defaults.js';
import { MemoryStudyStore } from '../../src/store/memory-study-store.js';
import { loadDefaultSpace, toyObjective } from '../optimize/fixtures.js';

export const OBJECTIVES = [
  { name: 'quality', metric: 'f1', direction: 'max' as const },
  { name: 'latency', metric: 'latency_p95_ms', direction: 'min' as const },
];

/** A study on the default space in memory, with a steering session over it. */
export function makeSteeredStudy(
  options: { budget?: number; space?: SearchSpace; baseline?: Config; exportPath?: string } = {},
): { study: Study; store: MemoryStudyStore; session: SteeringSession; space: SearchSpace } {
  const space = options.space ?? loadDefaultSpace();
  const store = new MemoryStudyStore();
  const settings = makeStudySettings({
    dataset: { name: 'toy', source: 'test', fingerprint: 'f', documents: 1 },
    questionCount: 10,
    space,
    spaceHash: 'h',
    objectives: OBJECTIVES,
    weights: { quality: 1, latency: 0.1 },
    constraints: [],
    seed: 1,
    budget: options.budget ?? 20,
    proposer: 'auto',
    rungs: [10],
    eta: 3,
    baseline: {},
    versions: {},
  });
  const study = Study.create({ store, name: 's', settings });
  const baseline = options.baseline ?? { ...CATALOGUE_DEFAULTS };
  const session = new SteeringSession({
    study,
    space,
    budget: options.budget ?? 20,
    baseline,
    exportPath: options.exportPath ?? join(tmpdir(), 'tune-rag-unused-best.json'),
  });
  return { study, store, session, space };
}

/** Runs a trial to completion with the toy objective (as the loop would: ask, one rung, finish). */
export function completeTrial(study: Study, config: Config): void {
  const [trial] = study.enqueue({ proposals: [{ config, rationale: 'test' }], proposer: 'test' });
  if (!trial) throw new Error('duplicate config in test');
  const claimed = study.ask('w');
  if (!claimed || claimed.id !== trial.id) throw new Error('another trial was waiting');
  const objectives = toyObjective(config);
  const metrics = { f1: objectives.quality, latency_p95_ms: objectives.latency };
  study.tellRung({
    trialId: trial.id,
    rung: { rung: 0, questions: 10, metrics, objectives: { quality: objectives.quality, latency: objectives.latency } },
    questions: [],
  });
  study.finish({ trialId: trial.id, state: 'complete', objectives: null, metrics: null });
}
