import { z } from 'zod';

/**
 * The kinds of dataset warning, stable for scripts reading `datasets inspect --json` or the
 * `dataset_warnings` of `tune`/`run --json`. `loading` covers what the loader itself noted
 * (skipped records, ignored columns); the others are the checks of `datasetWarnings`.
 */
export const DATASET_WARNING_CODES = [
  'loading',
  'answers-not-verbatim',
  'short-answers',
  'ground-truth-keys',
  'gold-spans-ignored',
  'questions-without-gold',
  'duplicate-questions',
  'long-documents',
  'dominant-document',
  'repetitive-documents',
] as const;

/**
 * One warning: `message` is a whole line for a person (the figure, the threshold, what to do);
 * `value` and `threshold` repeat the figure and its limit for scripts, in the unit the message
 * uses (shares in [0, 1], tokens, counts).
 */
export const DatasetWarningSchema = z.object({
  code: z.enum(DATASET_WARNING_CODES),
  message: z.string(),
  value: z.number().optional(),
  threshold: z.number().optional(),
});
export type DatasetWarning = z.infer<typeof DatasetWarningSchema>;
export type DatasetWarningCode = DatasetWarning['code'];
