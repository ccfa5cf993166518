import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tune } from '../src/index.js';
import { loadDataset } from '../src/data/load-dataset.js';
import { queryAndContextParameters } from '../src/space/query-context-parameters.js';
import type { Config } from '../src/space/parameter-schema.js';
import { openWorkspace } from '../src/workspace/workspace.js';

/** One tuning run of the comparison. */
interface KnobRun {
  dataset: string;
  space: 'without-knobs' | 'default';
  seed: number;
  bestQuality: number;
  bestRetrieval: number;
  bestUsesKnob: boolean;
  trialsWithKnob: number;
  trials: number;
  wallSeconds: number;
}

/**
 * The default space with its query and context knobs (held off by the auto proposer for the first
 * half of the budget) against the same space without them (what the default was before), each
 * tuned cold in its own scratch folder with the CLI's defaults (auto, budget 30, rungs, eta 3)
 * per dataset and seed: the best trial's quality and retrieval, how many trials used a knob, the
 * wall time. The knobs must not make the default search worse (issue 15).
 */
export async function runDefaultKnobsBench(options: {
  datasets: string[];
  seeds: number;
  budget: number;
  questions?: number;
  json?: string;
}): Promise<KnobRun[]> {
  const workspace = openWorkspace({ cwd: process.cwd() });
  const scratch = mkdtempSync(join(tmpdir(), 'tune-rag-knobs-'));
  const withoutKnobs = join(scratch, 'without-knobs.space.json');
  const raw = JSON.parse(readFileSync(workspace.defaultSpacePath, 'utf8')) as RawSpace;
  const knobs = new Set(queryAndContextParameters({ llmRewrites: false }).map((p) => p.name));
  const knobNames = (config: Config) => Object.keys(config).filter((key) => knobs.has(key));
  writeFileSync(withoutKnobs, JSON.stringify({ ...raw, parameters: raw.parameters.filter((p) => !knobs.has(p.name)) }));
  const runs: KnobRun[] = [];
  try {
    for (const spec of options.datasets) {
      const dataset = await loadDataset({ spec, cwd: process.cwd() });
      for (let seed = 0; seed < options.seeds; seed++) {
        for (const space of ['without-knobs', 'default'] as const) {
          const dir = mkdtempSync(join(scratch, 'run-'));
          const started = performance.now();
          const { study } = await tune({
            dataset,
            cwd: dir,
            space: space === 'default' ? workspace.defaultSpacePath : withoutKnobs,
            seed,
            budget: options.budget,
            questions: options.questions,
          });
          const wallSeconds = (performance.now() - started) / 1000;
          rmSync(dir, { recursive: true, force: true });
          const run: KnobRun = {
            dataset: dataset.name,
            space,
            seed,
            bestQuality: study.best?.objectives?.quality ?? 0,
            bestRetrieval: study.best?.objectives?.retrieval ?? 0,
            bestUsesKnob: study.best ? knobNames(study.best.config).length > 0 : false,
            trialsWithKnob: study.trials.filter((t) => knobNames(t.config).length > 0).length,
            trials: study.trials.length,
            wallSeconds,
          };
          runs.push(run);
          console.log(
            `  ${run.dataset.padEnd(22)} ${space.padEnd(13)} seed ${seed}  best quality ${run.bestQuality.toFixed(3)}  retrieval ${run.bestRetrieval.toFixed(3)}  ` +
              `knob trials ${String(run.trialsWithKnob).padStart(2)}/${run.trials}${run.bestUsesKnob ? ' (best uses one)' : ''}  wall ${wallSeconds.toFixed(1)} s`,
          );
        }
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  printMeans(runs);
  if (options.json) writeFileSync(options.json, `${JSON.stringify(runs, null, 2)}\n`);
  return runs;
}

interface RawSpace {
  parameters: { name: string }[];
}

function printMeans(runs: readonly KnobRun[]): void {
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  console.log('mean over seeds:');
  for (const dataset of [...new Set(runs.map((r) => r.dataset))]) {
    for (const space of ['without-knobs', 'default'] as const) {
      const rows = runs.filter((r) => r.dataset === dataset && r.space === space);
      console.log(
        `  ${dataset.padEnd(22)} ${space.padEnd(13)} quality ${mean(rows.map((r) => r.bestQuality)).toFixed(3)}  retrieval ${mean(rows.map((r) => r.bestRetrieval)).toFixed(3)}  ` +
          `knob trials ${mean(rows.map((r) => r.trialsWithKnob)).toFixed(1)}  wall ${mean(rows.map((r) => r.wallSeconds)).toFixed(1)} s`,
      );
    }
  }
}
