import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tune } from '../src/index.js';
import { loadDataset } from '../src/data/load-dataset.js';
import { shuffleQuestions } from '../src/data/sample-questions.js';
import { mulberry32 } from '../src/stats/seeded-random.js';
import { DEFAULT_OBJECTIVE_NAMES, DEFAULT_WEIGHTS, KNOWN_OBJECTIVES } from '../src/optimize/objectives.js';
import {
  BUILTIN_PROPOSERS,
  createBuiltinProposer,
  type BuiltinProposerName,
} from '../src/optimize/proposers/builtin-proposers.js';
import { sampleConfig } from '../src/optimize/proposers/sampling/sample-config.js';
import { newTrialRecord, type TrialRecord } from '../src/store/trial.js';
import { stableHash } from '../src/json/canonical-json.js';
import { loadSearchSpace } from '../src/space/load-space.js';
import { openWorkspace } from '../src/workspace/workspace.js';
import { withScratchCache } from './bench-pipeline.js';
import { median } from './timing.js';

const objectives = DEFAULT_OBJECTIVE_NAMES.map((n) => KNOWN_OBJECTIVES[n]);

/**
 * Proposer benchmarks: (1) overhead, the time to propose 4 configurations with 200 finished
 * trials in the history, on the default space; (2) best-so-far answer quality against trials and
 * against cumulative question evaluations (rungs make the two differ) for each proposer on a
 * dataset over several seeds, with the full tuning loop (multi-fidelity on), tuned on 70% of the
 * questions; the configuration picked there is scored on the other 30%.
 */
export async function runProposerBench(options: {
  dataset: string;
  seeds: number;
  budget: number;
  json?: string;
}): Promise<unknown> {
  const workspace = openWorkspace({ cwd: process.cwd() });
  const space = loadSearchSpace({
    path: workspace.defaultSpacePath,
    catalogue: workspace.catalogue,
    fixed: workspace.defaults,
  });
  const names = [...BUILTIN_PROPOSERS] as BuiltinProposerName[];
  const createProposer = (name: BuiltinProposerName) =>
    createBuiltinProposer({
      name,
      greedy: { start: workspace.baseline },
      auto: { start: workspace.baseline, budget: options.budget },
    });

  // (1) Overhead with 200 finished trials (synthetic objectives: the proposer's work does not depend on where they came from).
  const random = mulberry32(7);
  const history: TrialRecord[] = Array.from({ length: 200 }, (_, i) => {
    const config = sampleConfig({ space, random });
    const objectivesValues = { quality: random(), retrieval: random(), latency: 1 + 10 * random(), cost: 0 };
    return newTrialRecord({
      id: i + 1,
      studyId: 1,
      number: i,
      state: 'complete',
      config,
      configHash: stableHash(config),
      proposer: 'random',
      rationale: '',
      objectives: objectivesValues,
      createdAt: 0,
      startedAt: 0,
      finishedAt: 0,
    });
  });
  const overhead: Record<string, number> = {};
  for (const name of names) {
    const proposer = createProposer(name);
    const times: number[] = [];
    for (let r = 0; r < 7; r++) {
      const started = performance.now();
      await proposer.propose({ space, history, n: 4, seed: r, objectives, weights: DEFAULT_WEIGHTS });
      times.push(performance.now() - started);
    }
    overhead[name] = median(times);
  }
  console.log('propose 4 configurations with 200 finished trials (median of 7):');
  for (const name of names) console.log(`  ${name.padEnd(8)} ${overhead[name].toFixed(1).padStart(8)} ms`);

  // (2) Best-so-far quality against trials.
  const dataset = await loadDataset({ spec: options.dataset, cwd: process.cwd() });
  const curves: Record<string, number[][]> = {};
  /** Per seed, cumulative question evaluations after each trial (aligned with `curves`). */
  const evaluationCurves: Record<string, number[][]> = {};
  const evaluations: Record<string, number[]> = {};
  const heldOutF1: Record<string, number[]> = {};
  /** F1 of the picked configuration on the 70% it was tuned on (compare with heldOutF1: the optimism of picking). */
  const tunedF1: Record<string, number[]> = {};
  /** F1 of the baseline configuration on each seed's held-out 30% (the reference a pick should beat). */
  const baselineHeldOutF1: number[] = [];
  const sectionStarted = performance.now();
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  await withScratchCache(
    async (newRunner, cache) => {
      // A fresh runner per tuning run bounds memory by one run's corpus artifacts (one runner for the
      // whole section peaked at 11.5 GB RSS on SQuAD before the runner's memo was bounded); artifacts
      // built earlier come back from the shared on-disk stage cache.
      let runner = newRunner();
      for (let seed = 0; seed < options.seeds; seed++) {
        const heldOut = shuffleQuestions({ questions: dataset.questions, seed }).slice(
          Math.round(dataset.questions.length * 0.7),
        );
        baselineHeldOutF1.push((await runner.run({ config: workspace.baseline, questions: heldOut })).metrics.f1 ?? 0);
      }
      for (const name of names) {
        const proposerStarted = performance.now();
        curves[name] = [];
        evaluationCurves[name] = [];
        evaluations[name] = [];
        heldOutF1[name] = [];
        tunedF1[name] = [];
        for (let seed = 0; seed < options.seeds; seed++) {
          runner = newRunner();
          // Tune on 70% of the questions; the configuration picked there is scored on the other 30%.
          const shuffled = shuffleQuestions({ questions: dataset.questions, seed });
          const cut = Math.round(shuffled.length * 0.7);
          const heldOut = shuffled.slice(cut);
          // Through the library, as a user would: its own study in a scratch database, the shared stage cache.
          const tuned = await tune({
            dataset: { ...dataset, questions: shuffled.slice(0, cut) },
            cwd: cache.dir,
            cacheDir: cache.dir,
            storage: join(cache.dir, 'bench-studies.db'),
            study: `${name}-${seed}`,
            proposer: name,
            seed,
            budget: options.budget,
            rungs: [0.11, 0.33, 1],
            eta: 3,
          });
          let best = 0;
          let evaluated = 0;
          const curve: number[] = [];
          const evaluationCurve: number[] = [];
          for (const trial of tuned.study.trials) {
            // A trial promoted through the rungs evaluated the questions of its highest rung (the rungs are nested).
            evaluated += Math.max(0, ...trial.rungs.map((r) => r.questions));
            if (trial.state === 'complete') best = Math.max(best, trial.objectives?.quality ?? 0);
            curve.push(best);
            evaluationCurve.push(evaluated);
          }
          curves[name].push(curve);
          evaluationCurves[name].push(evaluationCurve);
          const picked = tuned.study.best;
          heldOutF1[name].push(
            picked ? ((await runner.run({ config: picked.config, questions: heldOut })).metrics.f1 ?? 0) : 0,
          );
          tunedF1[name].push(picked?.metrics?.f1 ?? 0);
          evaluations[name].push(evaluated);
        }
        // Progress (and a partial result, should the run be stopped before the tables print).
        const bestAt = (c: number) =>
          mean(curves[name].map((curve) => curve[Math.min(c, curve.length) - 1] ?? 0)).toFixed(3);
        console.error(
          `  [${name}: ${options.seeds} seeds in ${((performance.now() - proposerStarted) / 1000).toFixed(0)} s; best F1 @10 ${bestAt(10)} @${options.budget} ${bestAt(options.budget)}; ` +
            `question evals (median) ${median(evaluations[name])}; pick tuned F1 ${mean(tunedF1[name]).toFixed(3)}, held-out ${mean(heldOutF1[name]).toFixed(3)}]`,
        );
        if (options.json) {
          mkdirSync(dirname(options.json), { recursive: true });
          writeFileSync(
            `${options.json}.partial`,
            JSON.stringify(
              {
                seeds: options.seeds,
                budget: options.budget,
                curves,
                evaluationCurves,
                evaluations,
                tunedF1,
                heldOutF1,
                baselineHeldOutF1,
              },
              null,
              2,
            ),
          );
        }
      }
    },
    { dataset, workspace },
  );
  const checkpoints = [5, 10, 20, 30, 40].filter((c) => c <= options.budget);
  console.log(
    `\nbest answer F1 so far vs trials on ${dataset.name}, tuned on 70% of the questions (mean over ${options.seeds} seeds; trial #0 is the baseline):`,
  );
  console.log(
    `  proposer ${checkpoints.map((c) => `@${c}`.padStart(8)).join('')}   question evals (median)   tuned F1 of the pick   held-out F1 of the pick`,
  );
  for (const name of names) {
    const means = checkpoints.map((c) => mean(curves[name].map((curve) => curve[Math.min(c, curve.length) - 1] ?? 0)));
    console.log(
      `  ${name.padEnd(8)} ${means.map((m) => m.toFixed(3).padStart(8)).join('')}   ${median(evaluations[name]).toFixed(0).padStart(23)}   ${mean(tunedF1[name]).toFixed(3).padStart(20)}   ${mean(heldOutF1[name]).toFixed(3).padStart(23)}`,
    );
  }
  console.log(
    `  baseline configuration on the held-out 30%: F1 ${mean(baselineHeldOutF1).toFixed(3)} (mean over ${options.seeds} seeds)`,
  );

  // Best-so-far against question evaluations: multi-fidelity rungs make a pruned trial cost a
  // fraction of a complete one, so proposers that prune more get more trials per question evaluated.
  // Checkpoints are fractions of the median question-evaluation count over all runs, shared by all
  // proposers; a run that finished its trial budget under a checkpoint keeps its final best there.
  const overallMedian = median(names.flatMap((name) => evaluations[name]));
  const fractions = [0.1, 0.25, 0.5, 0.75, 1];
  const evaluationCheckpoints = fractions.map((f) => Math.round(f * overallMedian));
  const bestAtEvaluations = (name: string, limit: number) =>
    mean(
      curves[name].map((curve, seed) => {
        const evaluated = evaluationCurves[name][seed];
        let best = 0;
        for (let i = 0; i < curve.length && evaluated[i] <= limit; i++) best = curve[i];
        return best;
      }),
    );
  console.log(
    `\nbest answer F1 so far vs question evaluations on ${dataset.name} (cumulative questions evaluated over all trials and rungs; checkpoints = 10/25/50/75/100% of the median total, ${overallMedian.toFixed(0)}; mean over ${options.seeds} seeds):`,
  );
  console.log(
    `  proposer ${evaluationCheckpoints.map((c) => `@${c}`.padStart(9)).join('')}   trials to reach the final best (median)`,
  );
  const bestByEvaluations: Record<string, { questions: number; best: number }[]> = {};
  for (const name of names) {
    bestByEvaluations[name] = evaluationCheckpoints.map((c) => ({ questions: c, best: bestAtEvaluations(name, c) }));
    const trialsToBest = median(curves[name].map((curve) => curve.indexOf(curve[curve.length - 1]) + 1));
    console.log(
      `  ${name.padEnd(8)} ${bestByEvaluations[name].map((p) => p.best.toFixed(3).padStart(9)).join('')}   ${trialsToBest.toFixed(1).padStart(38)}`,
    );
  }
  const wallSeconds = (performance.now() - sectionStarted) / 1000;
  console.log(
    `  (${names.length} proposers x ${options.seeds} seeds x ${options.budget} trials on ${dataset.questions.length} questions: ${wallSeconds.toFixed(0)} s)`,
  );
  const result = {
    dataset: {
      name: dataset.name,
      source: dataset.source,
      documents: dataset.docs.length,
      questions: dataset.questions.length,
      tuning: Math.round(dataset.questions.length * 0.7),
    },
    seeds: options.seeds,
    budget: options.budget,
    overheadMs: overhead,
    curves,
    evaluationCurves,
    evaluations,
    bestByEvaluations,
    tunedF1,
    heldOutF1,
    baselineHeldOutF1,
    wallSeconds,
  };
  if (options.json) {
    mkdirSync(dirname(options.json), { recursive: true });
    writeFileSync(options.json, JSON.stringify(result, null, 2));
    rmSync(`${options.json}.partial`, { force: true });
    console.log(`wrote ${options.json}`);
  }
  return result;
}
