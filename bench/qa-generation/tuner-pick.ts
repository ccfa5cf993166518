import type { Dataset } from '../../src/data/dataset-schema.js';
import { stableHash } from '../../src/json/canonical-json.js';
import { chooseQualityMetric } from '../../src/metrics/quality-metric.js';
import { evaluateTrial } from '../../src/optimize/evaluate-trial.js';
import { DEFAULT_WEIGHTS, parseObjectives } from '../../src/optimize/objectives.js';
import type { Proposal } from '../../src/optimize/proposers/proposer.js';
import { createPruner } from '../../src/optimize/pruners/create-pruner.js';
import { Study } from '../../src/optimize/study.js';
import { makeStudySettings, studyDatasetOf } from '../../src/optimize/study-settings.js';
import { packageVersion } from '../../src/package-root.js';
import type { ConfigurationRunner } from '../../src/pipeline/configuration-runner.js';
import type { Config, SearchSpace } from '../../src/space/parameter-schema.js';
import { MemoryStudyStore } from '../../src/store/memory-study-store.js';
import type { TrialRecord } from '../../src/store/trial.js';

/** One configuration as a study evaluated it on every question of a dataset. */
export interface TunedTrial {
  config: Config;
  metrics: NonNullable<TrialRecord['metrics']>;
}

/** What a study over a fixed list of configurations found. */
export interface TunerPick {
  /** Trials in proposal order. */
  trials: TunedTrial[];
  /** Index (proposal order) of the configuration the study reports as its best. */
  best: number;
  /** Why the best won over its nearest rival when that was a noise decision (the study's own words). */
  pickReason?: string;
}

/**
 * Evaluates `proposals` as a study of `dataset` would, and returns the configuration that study
 * picks: an in-memory study with `objectives` (quality takes the dataset's metric, as in a tuning
 * run) under the tuner's default weights, each proposal a trial on every question (one rung, no
 * pruning: the comparison is of the pick, not of the search), and `study.summary().best`.
 *
 * Why a study rather than an argmax of quality: "the configuration picked by tuning" is what
 * `tune-rag` would recommend, and the tuner never takes a raw argmax over noisy means. Its rule
 * (pickBest: noise-aware Pareto front, then among the trials tied with the leader within paired
 * per-question noise the best smoothed estimate of the main-effects GP) is the decision a user
 * gets; re-implementing it here would measure something else the day the rule changes.
 * No baseline trial is added, so both sides choose among exactly the same configurations.
 */
export async function pickByTuner(options: {
  dataset: Dataset;
  runner: ConfigurationRunner;
  proposals: readonly Proposal[];
  space: SearchSpace;
  seed: number;
  baseline: Config;
  /** The study's objectives by name (`--objectives`), weighted by the tuner's defaults. */
  objectives: readonly string[];
}): Promise<TunerPick> {
  const { dataset, runner, proposals, space } = options;
  const quality = chooseQualityMetric({ questions: dataset.questions });
  const objectives = parseObjectives(options.objectives.join(',')).map((o) =>
    o.name === 'quality' ? { ...o, metric: quality.metric } : o,
  );
  const weights = Object.fromEntries(objectives.map((o) => [o.name, DEFAULT_WEIGHTS[o.name] ?? 1]));
  const questionOrder = dataset.questions;
  const rungs = [questionOrder.length];
  const settings = makeStudySettings({
    dataset: studyDatasetOf(dataset),
    questionCount: questionOrder.length,
    space,
    spaceHash: stableHash({ space, objectives, weights }),
    objectives,
    weights,
    constraints: [],
    seed: options.seed,
    budget: proposals.length,
    proposer: 'fixed-list',
    rungs,
    eta: 3,
    pruner: 'none',
    baseline: options.baseline,
    versions: { 'tune-rag': packageVersion(), node: process.version },
    quality,
  });
  const study = Study.create({ store: new MemoryStudyStore(), name: `pick-${dataset.name}`, settings });
  const queued = study.enqueue({ proposals: [...proposals], proposer: 'fixed-list' });
  if (queued.length !== proposals.length) {
    throw new Error(`pickByTuner: ${proposals.length - queued.length} of the proposals repeat a configuration`);
  }
  const pruner = createPruner({ name: 'none' });
  const finished: TrialRecord[] = [];
  for (let trial = study.ask('bench'); trial; trial = study.ask('bench')) {
    finished.push(await evaluateTrial({ study, trial, runner, questionOrder, rungs, objectives, weights, pruner }));
  }
  const failed = finished.filter((t) => t.state !== 'complete');
  if (failed.length > 0) {
    throw new Error(`pickByTuner: trial #${failed[0].number} ended ${failed[0].state}: ${failed[0].error ?? ''}`);
  }
  const byHash = new Map(finished.map((t) => [t.configHash, t]));
  const trials = queued.map((q) => {
    const t = byHash.get(q.configHash)!;
    return { config: t.config, metrics: t.metrics! };
  });
  const summary = study.summary();
  const best = queued.findIndex((q) => q.configHash === summary.best?.configHash);
  return { trials, best, pickReason: summary.pickReason };
}
