import type { ComponentCalls } from '../llm/component-calls.js';
import { componentCallsJson } from './component-call-lines.js';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CacheHealthReport } from '../cache/cache-health.js';
import type { DatasetWarning } from '../data/dataset-warning.js';
import type { Study } from '../optimize/study.js';
import { studyJson, summarizeStudy, type StudySummary } from '../optimize/study-summary.js';
import { llmStats, type LlmRun } from './llm-options.js';
import { writeOutputFile } from './output-paths.js';

/**
 * Writes what a tuning run leaves behind: best.json (a `run --config` file) and pareto.json in the
 * study folder, and the `--json` report. Called whenever a search ends (and again after a chat
 * continues it), so the files always match the store.
 */
export function writeTuneOutputs(options: {
  study: Study;
  outDir: string;
  json?: string;
  cwd: string;
  llm: LlmRun | null;
  /** The project's LangChain.js components' calls (reported as `langchain`). */
  componentCalls?: readonly ComponentCalls[];
  datasetWarnings?: readonly DatasetWarning[];
  cache?: CacheHealthReport;
}): StudySummary {
  const { study, outDir } = options;
  const summary = summarizeStudy(study);
  mkdirSync(outDir, { recursive: true });
  // A full disk or a folder made read-only during the run: say which file, and that nothing is lost.
  const afterwards = `the trials are saved in the study database: run the same command again (add --resume with --study) to write the outputs without re-running anything`;
  const write = (path: string, value: unknown, flag: string) =>
    writeOutputFile({ path, text: JSON.stringify(value, null, 2) + '\n', flag, afterwards });
  if (summary.best) {
    const best = summary.best;
    write(
      join(outDir, 'best.json'),
      {
        study: study.name,
        trial: best.number,
        config: best.config,
        objectives: best.objectives,
        metrics: best.metrics,
      },
      '--out',
    );
  }
  write(
    join(outDir, 'pareto.json'),
    summary.pareto.map((t) => ({ trial: t.number, config: t.config, objectives: t.objectives })),
    '--out',
  );
  if (options.json) {
    write(
      resolve(options.cwd, options.json),
      {
        ...studyJson(summary),
        ...(options.llm ? { llm: llmStats(options.llm) } : {}),
        ...(options.componentCalls?.length ? { langchain: componentCallsJson(options.componentCalls) } : {}),
        ...(options.datasetWarnings ? { dataset_warnings: options.datasetWarnings } : {}),
        ...(options.cache ? { cache: options.cache } : {}),
      },
      '--json',
    );
  }
  return summary;
}
