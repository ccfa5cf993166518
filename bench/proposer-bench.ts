import { writeFileSync } from 'node:fs';
import { loadDataset } from '../src/data/load-dataset.js';
import { shuffleQuestions } from '../src/data/sample-questions.js';
import { mulberry32 } from '../src/eval/seeded-random.js';
import { DEFAULT_OBJECTIVE_NAMES, DEFAULT_WEIGHTS, KNOWN_OBJECTIVES } from '../src/optimize/objectives.js';
import { openOrCreateStudy } from '../src/optimize/open-study.js';
import { BUILTIN_PROPOSERS, createBuiltinProposer, type BuiltinProposerName } from '../src/optimize/proposers/builtin-proposers.js';
import { sampleConfig } from '../src/optimize/proposers/sample-config.js';
import { planRungs } from '../src/optimize/pruners/rung-schedule.js';
import { makeStudySettings } from '../src/optimize/study-settings.js';
import type { TrialRecord } from '../src/optimize/trial.js';
import { runTuningLoop } from '../src/optimize/tuning-loop.js';
import { stableHash } from '../src/space/canonical-json.js';
import { loadSearchSpace } from '../src/space/load-space.js';
import { MemoryStudyStore } from '../src/store/memory-study-store.js';
import { summarizeStudy } from '../src/report/study-summary.js';
import { openWorkspace } from '../src/workspace.js';
import { withScratchCache } from './bench-pipeline.js';
import { median } from './timing.js';

const objectives = DEFAULT_OBJECTIVE_NAMES.map((n) => KNOWN_OBJECTIVES[n]);

/**
 * Proposer benchmarks: (1) overhead, the time to propose 4 configurations with 200 finished
 * trials in the history, on the default space; (2) best-so-far answer quality against trials for
 * each proposer on a dataset over several seeds, with the full tuning loop (multi-fidelity on).
 */
export async function runProposerBench(options: { dataset: string; seeds: number; budget: number; json?: string }): Promise<unknown> {
  const workspace = openWorkspace({ cwd: process.cwd() });
  const space = loadSearchSpace({ path: workspace.defaultSpacePath, catalogue: workspace.catalogue, fixed: workspace.defaults });
  const names = [...BUILTIN_PROPOSERS] as BuiltinProposerName[];
  const createProposer = (name: BuiltinProposerName) => createBuiltinProposer({ name, greedy: { start: workspace.baseline }, auto: { start: workspace.baseline, budget: options.budget } });

  // (1) Overhead with 200 finished trials (synthetic objectives: the proposer's work does not depend on where they came from).
  const random = mulberry32(7);
  const history: TrialRecord[] = Array.from({ length: 200 }, (_, i) => {
    const config = sampleConfig({ space, random });
    const objectivesValues = { quality: random(), retrieval: random(), latency: 1 + 10 * random(), cost: 0 };
    return { id: i + 1, studyId: 1, number: i, state: 'complete', config, configHash: stableHash(config), proposer: 'random', rationale: '', rungs: [], objectives: objectivesValues, metrics: null, error: null, createdAt: 0, startedAt: 0, finishedAt: 0, workerId: null };
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
  const evaluations: Record<string, number[]> = {};
  const heldOutF1: Record<string, number[]> = {};
  await withScratchCache(async (newRunner) => {
    const runner = newRunner();
    for (const name of names) {
      curves[name] = [];
      evaluations[name] = [];
      heldOutF1[name] = [];
      for (let seed = 0; seed < options.seeds; seed++) {
        const store = new MemoryStudyStore();
        // Tune on 70% of the questions; the configuration picked there is scored on the other 30%.
        const shuffled = shuffleQuestions({ questions: dataset.questions, seed });
        const cut = Math.round(shuffled.length * 0.7);
        const questionOrder = shuffled.slice(0, cut);
        const heldOut = shuffled.slice(cut);
        const settings = makeStudySettings({
          dataset: { name: dataset.name, source: dataset.source, fingerprint: dataset.fingerprint, documents: dataset.docs.length }, questionCount: questionOrder.length,
          space, spaceHash: 'bench', objectives, weights: { ...DEFAULT_WEIGHTS }, constraints: [], seed, budget: options.budget, proposer: name,
          rungs: planRungs({ questionCount: questionOrder.length, fractions: [0.11, 0.33, 1] }), eta: 3, baseline: workspace.baseline, versions: {},
        });
        const { study } = openOrCreateStudy({ store, name: `${name}-${seed}`, settings, resume: false, baseline: workspace.baseline });
        await runTuningLoop({ study, runner, space, proposer: createProposer(name), budget: options.budget, concurrency: 1, questionOrder });
        let best = 0;
        const curve: number[] = [];
        for (const trial of study.trials()) {
          if (trial.state === 'complete') best = Math.max(best, trial.objectives?.quality ?? 0);
          curve.push(best);
        }
        curves[name].push(curve);
        const picked = summarizeStudy(study).best;
        heldOutF1[name].push(picked ? (await runner.run({ config: picked.config, questions: heldOut })).metrics.f1 ?? 0 : 0);
        evaluations[name].push(study.trials().reduce((sum, t) => sum + Math.max(0, ...t.rungs.map((r) => r.questions)), 0));
        store.close();
      }
    }
  }, { dataset, workspace });
  const checkpoints = [5, 10, 20, 30, 40].filter((c) => c <= options.budget);
  console.log(`\nbest answer F1 so far vs trials on ${dataset.name}, tuned on 70% of the questions (mean over ${options.seeds} seeds; trial #0 is the baseline):`);
  console.log(`  proposer ${checkpoints.map((c) => `@${c}`.padStart(8)).join('')}   question evals   held-out F1 of the pick`);
  for (const name of names) {
    const means = checkpoints.map((c) => curves[name].reduce((sum, curve) => sum + (curve[Math.min(c, curve.length) - 1] ?? 0), 0) / curves[name].length);
    const heldOut = heldOutF1[name].reduce((a, b) => a + b, 0) / heldOutF1[name].length;
    console.log(`  ${name.padEnd(8)} ${means.map((m) => m.toFixed(3).padStart(8)).join('')}   ${median(evaluations[name]).toFixed(0).padStart(14)}   ${heldOut.toFixed(3).padStart(10)}`);
  }
  const result = { overheadMs: overhead, curves, evaluations, heldOutF1, seeds: options.seeds, budget: options.budget };
  if (options.json) writeFileSync(options.json, JSON.stringify(result, null, 2));
  return result;
}
