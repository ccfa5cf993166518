import { describe, expect, it } from 'vitest';
import { createBuiltinProposer, BUILTIN_PROPOSERS } from '../../../src/optimize/proposers/builtin-proposers.js';
import type { Proposal, Proposer } from '../../../src/optimize/proposers/proposer.js';
import { loadTabularTasks } from '../../../bench/tabular/load-tabular-tasks.js';
import { runTabularBenchmark } from '../../../bench/tabular/tabular-benchmark.js';
import { runTabularSearch } from '../../../bench/tabular/tabular-run.js';
import type { Config } from '../../../src/space/parameter-schema.js';
import { syntheticGrid, writeCsv } from './tabular-fixtures.js';

const OBJECTIVE = { name: 'score', metric: 'score', direction: 'max' as const };
const load = (path: string, extra: { params?: string[]; testTask?: string } = {}) =>
  loadTabularTasks({ path, label: 'grid.csv', taskColumn: 'Task', task: 'dev', objective: 'score', ...extra });

/** A proposer that offers a fixed list of configurations, in order, skipping what was tried. */
function scripted(configs: Config[]): Proposer {
  return {
    name: 'scripted',
    async propose({ history, n }) {
      const tried = new Set(history.map((t) => JSON.stringify(t.config)));
      return configs
        .filter((c) => !tried.has(JSON.stringify(c)))
        .slice(0, n)
        .map((config): Proposal => ({ config, rationale: 'scripted' }));
    },
  };
}

describe('tabular tasks', () => {
  it('infers parameter columns, skipping the task, objective and score-like columns, and sanitises their names', async () => {
    const { dev, test, params } = await load(writeCsv('grid.csv', syntheticGrid()), { testTask: 'test' });
    expect(params.map((p) => [p.column, p.name, p.numeric])).toEqual([
      ['Model Name', 'model_name', false],
      ['Chunk Size', 'chunk_size', true],
      ['Mode', 'mode', false],
    ]);
    expect(dev.space.parameters.map((p) => (p.type === 'categorical' ? p.values : []))).toEqual([
      ['large', 'medium', 'small'],
      [128, 256, 512],
      ['exact', 'fast'],
    ]);
    expect(dev.configs).toHaveLength(18);
    expect([dev.worst, dev.best]).toEqual([0, 0.9]);
    expect(test!.lookup({ model_name: 'large', chunk_size: 512, mode: 'exact' })).toBe(0.9);
  });
});

describe('tabular benchmark', () => {
  it('computes normalised scores, the near-best share and the test score of each pick by hand', async () => {
    const tasks = await load(writeCsv('grid.csv', syntheticGrid()), { testTask: 'test' });
    const sequence = [
      { model_name: 'small', chunk_size: 128, mode: 'fast' }, // dev 0, test 0
      { model_name: 'medium', chunk_size: 256, mode: 'exact' }, // dev 0.6, test 0.5
      { model_name: 'large', chunk_size: 512, mode: 'fast' }, // dev 0.7, test 0.8
    ];
    const [summary2, summary3] = await runTabularBenchmark({
      dev: tasks.dev,
      test: tasks.test,
      proposers: [{ name: 'scripted', make: () => scripted(sequence) }],
      budgets: [2, 3],
      seeds: 2,
      objective: OBJECTIVE,
    });
    expect(summary2.budget).toBe(2);
    expect(summary2.meanFound).toBeCloseTo(0.6 / 0.9, 10);
    expect(summary2.meanDev).toBeCloseTo(0.6 / 0.9, 10);
    expect(summary2.meanTest).toBeCloseTo(0.5 / 0.9, 10);
    expect(summary2.seeds[0].config).toEqual(sequence[1]);
    expect(summary3.meanFound).toBeCloseTo(0.7 / 0.9, 10);
    expect(summary3.meanDev).toBeCloseTo(0.7 / 0.9, 10);
    expect(summary3.meanTest).toBeCloseTo(0.8 / 0.9, 10);
    expect(summary3.meanFoundTest).toBeCloseTo(0.8 / 0.9, 10);
    expect(summary3.shareNearBest).toBe(0);
    expect(summary3.seeds.map((s) => s.evaluations)).toEqual([3, 3]);
  });

  it('picks the best smoothed configuration, not a lucky dev outlier, and reports both', async () => {
    // m1 is good with every index on both tasks; (m3, i1) is a dev-only outlier (0.8 on dev, the worst on test).
    const dev: Record<string, number> = {
      'm1,i1': 0.7,
      'm1,i2': 0.72,
      'm1,i3': 0.71,
      'm3,i1': 0.8,
      'm3,i2': 0.3,
      'm3,i3': 0.32,
      'm2,i1': 0.5,
      'm2,i2': 0.5,
      'm2,i3': 0.45,
    };
    const test: Record<string, number> = { ...dev, 'm1,i1': 0.7, 'm3,i1': 0.3 };
    const lines = [
      'Task,Model,Index,score',
      ...Object.entries(dev).map(([k, v]) => `dev,${k},${v}`),
      ...Object.entries(test).map(([k, v]) => `test,${k},${v}`),
    ];
    const tasks = await load(writeCsv('outlier.csv', lines.join('\n') + '\n'), { testTask: 'test' });
    const order = Object.keys(dev)
      .slice(0, 8)
      .map((k) => ({ model: k.split(',')[0], index: k.split(',')[1] }));
    const [summary] = await runTabularBenchmark({
      dev: tasks.dev,
      test: tasks.test,
      proposers: [{ name: 'scripted', make: () => scripted(order) }],
      budgets: [8],
      seeds: 1,
      objective: OBJECTIVE,
    });
    const [seed] = summary.seeds;
    expect(seed.found.config).toEqual({ model: 'm3', index: 'i1' });
    expect([seed.found.devNormalised, seed.found.testNormalised]).toEqual([1, 0]);
    expect(seed.config).toEqual({ model: 'm1', index: 'i1' });
    expect(seed.devNormalised).toBeCloseTo(0.4 / 0.5, 10);
    expect(seed.testNormalised).toBeCloseTo(0.4 / 0.42, 10);
    expect([summary.meanFound, summary.meanFoundTest]).toEqual([1, 0]);
    expect(summary.meanTest).toBeCloseTo(0.4 / 0.42, 10);
  });

  it('finds the known optimum of an additive table with the auto proposer', async () => {
    const tasks = await load(writeCsv('grid.csv', syntheticGrid()));
    const [summary] = await runTabularBenchmark({
      dev: tasks.dev,
      proposers: [{ name: 'auto', make: ({ budget }) => createBuiltinProposer({ name: 'auto', auto: { budget } }) }],
      budgets: [10],
      seeds: 10,
      objective: OBJECTIVE,
    });
    expect(summary.shareNearBest).toBe(1);
    expect(summary.seeds.every((s) => s.devValue === 0.9)).toBe(true);
    expect(summary.seeds[0].config).toEqual({ model_name: 'large', chunk_size: 256, mode: 'exact' });
  });

  it('never evaluates a configuration missing from an incomplete grid, for any built-in proposer', async () => {
    // Four of the 18 dev configurations are missing, among them the overall optimum.
    const skip = ({ model, size, mode }: { model: string; size: number; mode: string }) =>
      (model === 'large' && size === 256) || (model === 'small' && mode === 'exact' && size !== 512);
    const tasks = await load(writeCsv('holes.csv', syntheticGrid({ skip })));
    expect(tasks.dev.configs).toHaveLength(14);
    let rejected = 0;
    for (const name of BUILTIN_PROPOSERS) {
      for (let seed = 0; seed < 3; seed++) {
        const run = await runTabularSearch({
          proposer: createBuiltinProposer({ name, auto: { budget: 14 } }),
          task: tasks.dev,
          budget: 20,
          seed,
          objective: OBJECTIVE,
        });
        expect(run.evaluations).toHaveLength(14);
        for (const evaluation of run.evaluations) expect(tasks.dev.lookup(evaluation.config)).toBe(evaluation.value);
        expect(new Set(run.evaluations.map((e) => JSON.stringify(e.config))).size).toBe(14);
        rejected += run.rejected;
      }
    }
    expect(rejected).toBeGreaterThan(0);
  });

  it('re-asks for larger batches, then falls back to a random untried row, without counting rejected proposals', async () => {
    const tasks = await load(writeCsv('grid.csv', syntheticGrid()));
    const absent: Proposer = {
      name: 'absent',
      async propose({ n }) {
        return Array.from({ length: n }, (_, i) => ({
          config: { model_name: 'huge', chunk_size: 128 + i, mode: 'fast' },
          rationale: 'not in the table',
        }));
      },
    };
    const run = await runTabularSearch({ proposer: absent, task: tasks.dev, budget: 4, seed: 1, objective: OBJECTIVE });
    expect(run.evaluations).toHaveLength(4);
    expect(run.fallbacks).toBe(4);
    expect(run.proposerCalls).toBe(12); // asked for 1, 4 and 16 before each fallback
    expect(run.rejected).toBe(4 * (1 + 4 + 16));
    expect(run.evaluations.every((e) => e.fallback && tasks.dev.lookup(e.config) === e.value)).toBe(true);
  });

  it('is deterministic per seed', async () => {
    const tasks = await load(writeCsv('grid.csv', syntheticGrid()));
    const run = (seed: number) =>
      runTabularSearch({
        proposer: createBuiltinProposer({ name: 'auto', auto: { budget: 6 } }),
        task: tasks.dev,
        budget: 6,
        seed,
        objective: OBJECTIVE,
      });
    expect((await run(3)).evaluations).toEqual((await run(3)).evaluations);
  });
});
