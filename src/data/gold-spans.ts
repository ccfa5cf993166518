import { describeZodIssue } from './describe-zod-issue.js';
import { GoldSpansSchema } from './dataset-schema.js';

/**
 * Why a `gold_spans` value was not taken as answer spans, e.g. `field "gold_spans[0].doc_id" is
 * missing (expected a document id (string))`; null when its shape matches (then the loader has
 * already folded it into `answer_spans`).
 */
export function goldSpansProblem(value: unknown): string | null {
  const parsed = GoldSpansSchema.safeParse(value);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return describeZodIssue({ issue: { ...issue, path: ['gold_spans', ...issue.path] }, input: { gold_spans: value } });
}
