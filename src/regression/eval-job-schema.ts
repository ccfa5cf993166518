import { z } from 'zod';
import { QUESTION_SCORE_KEYS } from '../metrics/score-question.js';
import { userNameProblem, USER_NAME_RULE } from '../names/user-name.js';

/** Metrics compared when a job or the command names none: answer quality and retrieval. */
export const DEFAULT_EVAL_METRICS = ['f1', 'recall_at_context'] as const;

/** Tolerated drop of a metric's mean before a significant drop counts as a regression. */
export const DEFAULT_MAX_DROP = 0.02;

const metricName = z.enum(QUESTION_SCORE_KEYS, { error: () => `expected one of ${QUESTION_SCORE_KEYS.join(', ')}` });

/**
 * One nightly check: a configuration re-scored on a dataset and compared with a baseline.
 * Paths (`config`, `baseline`, a dataset folder) are relative to the job file's folder, so a job
 * file and the configurations beside it move together; a bare dataset name is a bundled dataset.
 */
export const EvalJobSchema = z.strictObject({
  /** Stable name: the key eval history is grouped by, so renaming starts a new trend (a user name: names/user-name.ts). */
  name: z
    .string()
    .min(1, 'name must be a non-empty string')
    .superRefine((name, ctx) => {
      const problem = userNameProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', message: `name ${problem}: use ${USER_NAME_RULE}` });
    }),
  dataset: z.string().min(1, 'dataset must be a bundled dataset name or a path'),
  config: z.string().min(1, 'config must be the path of a configuration JSON file'),
  /** A configuration file, or "study:NAME" for a tuning study's best; default pipelines/baseline.json. */
  baseline: z.string().min(1).optional(),
  metrics: z.array(metricName).min(1, 'metrics must name at least one metric').optional(),
  maxDrop: z.number().min(0, 'maxDrop must be >= 0').max(1, 'maxDrop must be <= 1 (metrics are in [0, 1])').optional(),
  questions: z.number().int().positive('questions must be a positive whole number').optional(),
  seed: z.number().int().nonnegative().optional(),
  repeat: z.number().int().positive('repeat must be a positive whole number').optional(),
});
export type EvalJob = z.infer<typeof EvalJobSchema>;

/** A job file such as evals/nightly.json: `{"jobs": [...]}` with unique job names. */
export const EvalJobFileSchema = z
  .strictObject({
    /** Free text for humans; ignored. */
    description: z.string().optional(),
    jobs: z.array(EvalJobSchema).min(1, 'jobs must list at least one job'),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.jobs.forEach((job, i) => {
      if (seen.has(job.name))
        ctx.addIssue({
          code: 'custom',
          path: ['jobs', i, 'name'],
          message: `duplicate job name "${job.name}" (history is kept per name)`,
        });
      seen.add(job.name);
    });
  });
export type EvalJobFile = z.infer<typeof EvalJobFileSchema>;
