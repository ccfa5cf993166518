import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CacheHealthReport } from '../cache/cache-health.js';
import type { DatasetWarning } from '../data/dataset-warning.js';
import type { Study } from '../optimize/study.js';
import { studyJson, summarizeStudy, type StudySummary } from '../report/study-summary.js';
import { llmStats, type LlmRun } from './llm-options.js';

/**
 * Writes what a tuning run leaves behind: best.json (a `run --config` file) and pareto.json in the
 * study folder, and the `--json` report. Called whenever a search ends (and again after a chat
 * continues it), so the files always match the store.
 */
export function writeTuneOutputs(options: { study: Study; outDir: string; json?: string; cwd: string; llm: LlmRun | null; datasetWarnings?: readonly DatasetWarning[]; cache?: CacheHealthReport }): StudySummary {
  const { study, outDir } = options;
  const summary = summarizeStudy(study);
  mkdirSync(outDir, { recursive: true });
  if (summary.best) {
    const best = summary.best;
    writeFileSync(join(outDir, 'best.json'), JSON.stringify({ study: study.name, trial: best.number, config: best.config, objectives: best.objectives, metrics: best.metrics }, null, 2) + '\n');
  }
  writeFileSync(join(outDir, 'pareto.json'), JSON.stringify(summary.pareto.map((t) => ({ trial: t.number, config: t.config, objectives: t.objectives })), null, 2) + '\n');
  if (options.json) {
    writeFileSync(resolve(options.cwd, options.json), JSON.stringify({ ...studyJson(summary), ...(options.llm ? { llm: llmStats(options.llm) } : {}), ...(options.datasetWarnings ? { dataset_warnings: options.datasetWarnings } : {}), ...(options.cache ? { cache: options.cache } : {}) }, null, 2) + '\n');
  }
  return summary;
}
