import type { QaItem } from '../data/dataset-schema.js';
import { describeFailureStages } from './failure-stages.js';
import type { QuestionResult, TrialRecord } from '../store/trial.js';

/**
 * What went wrong for a trial, for the LLM agent: questions whose gold evidence did not reach the
 * generator's context (a retrieval problem: chunking, embedder, top-k) against questions whose evidence was retrieved
 * but answered wrongly (a reading problem: generator, prompt, context size), with a few examples
 * of each, and questions whose pipeline failed with an error (which score 0 everywhere, so they
 * are neither a retrieval nor a reading problem). Reads the per-question results of the trial's
 * highest rung.
 */
export function describeFailures(options: {
  trial: TrialRecord;
  results: readonly QuestionResult[];
  questions: ReadonlyMap<string, QaItem>;
  examples?: number;
}): string | null {
  const { results, questions } = options;
  if (results.length === 0) return null;
  const examples = options.examples ?? 3;
  const errored = results.filter((r) => r.error !== undefined);
  const ran = results.filter((r) => r.error === undefined);
  // Evidence counts as retrieved only when it reached the generator's context (results stored
  // before context metrics existed only have the top-k hit).
  const hit = (r: QuestionResult) => r.scores.hit_at_context ?? r.scores.hit_rate;
  const missed = ran.filter((r) => hit(r) === 0);
  const misread = ran.filter((r) => hit(r) !== 0 && r.scores.f1 !== null && r.scores.f1 < 0.5);
  const example = (r: QuestionResult) => {
    const item = questions.get(r.questionId);
    return `  - "${item?.question ?? r.questionId}" expected ${JSON.stringify(item?.answers[0] ?? '')}, answered ${JSON.stringify((r.answer ?? '').slice(0, 120))}`;
  };
  return [
    `Trial #${options.trial.number} on ${results.length} questions:`,
    describeFailureStages({ results }),
    `- evidence NOT in the generator's context: ${missed.length} (${pct(missed.length, results.length)}) — a retrieval problem (chunking, embedder, retrieval mode, top_k, context.max_tokens)`,
    ...missed.slice(0, examples).map(example),
    `- evidence retrieved but answered wrongly (F1 < 0.5): ${misread.length} (${pct(misread.length, results.length)}) — a reading problem (generator, prompt, context size, reranking)`,
    ...misread.slice(0, examples).map(example),
    ...(errored.length
      ? [
          `- failed with an error (scored 0): ${errored.length} (${pct(errored.length, results.length)}), e.g. ${JSON.stringify((errored[0].error ?? '').slice(0, 160))}`,
        ]
      : []),
  ].join('\n');
}

function pct(part: number, whole: number): string {
  return `${Math.round((100 * part) / whole)}%`;
}
