import { dirname, resolve } from 'node:path';
import { TuneRagError } from '../errors.js';
import { readJsonFile } from '../space/read-json-file.js';
import { formatZodIssues } from '../json/format-zod-issues.js';
import { EvalJobFileSchema, type EvalJob } from './eval-job-schema.js';

/** The jobs of a job file, with the folder their relative paths are resolved against. */
export interface LoadedEvalJobs {
  path: string;
  /** The job file's folder: relative `config`, `baseline` and dataset paths start here. */
  baseDir: string;
  jobs: EvalJob[];
}

/**
 * Reads and validates a job file (e.g. evals/nightly.json). Every problem is reported at once,
 * each naming the file and the key (`jobs[1].maxDrop: ...`), as a TuneRagError('config').
 */
export function loadEvalJobs(options: { path: string; cwd: string }): LoadedEvalJobs {
  const path = resolve(options.cwd, options.path);
  const raw = readJsonFile(path, 'eval job file');
  const parsed = EvalJobFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = formatZodIssues(parsed.error).map((line) => line.replace(/^Unrecognized key/, 'unknown key'));
    throw new TuneRagError('config', `invalid eval job file ${path}:\n  - ${problems.join('\n  - ')}`, {
      hint: 'A job file is {"jobs": [{"name", "dataset", "config", "baseline"?, "metrics"?, "maxDrop"?, "questions"?, "seed"?, "repeat"?}]}; see evals/README.md.',
    });
  }
  return { path, baseDir: dirname(path), jobs: parsed.data.jobs };
}
