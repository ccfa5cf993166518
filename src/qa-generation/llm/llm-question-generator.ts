import type { LlmClient } from '../../llm/llm-client.js';
import { closedBookPrompt } from './llm-prompts.js';
import { containsAnswer } from '../question-from-sentence.js';
import type { GenerationUnit } from './generation-units.js';
import { askAndCheckUnit } from './ask-unit.js';
import type { LlmCandidate, LlmRejections, UnitResult } from './llm-candidate.js';

export type { LlmCandidate, LlmRejections } from './llm-candidate.js';

/** Rejection counts all at zero. */
export function noRejections(): LlmRejections {
  return { malformed: 0, spanNotInText: 0, answerNotInEvidence: 0, answerInQuestion: 0, closedBook: 0 };
}

/**
 * Asks the LLM for the items of each unit (a document, or a related pair for two-document
 * items) and keeps those that check out against the text: every evidence quote must occur
 * verbatim in its document (its offsets are found there, not taken from the model), the answer
 * inside an evidence quote, and the question must not contain the answer. Then the closed-book
 * filter: an answerable question the same LLM answers without the documents (its reply contains
 * the answer) tests memory, not retrieval, and is dropped. A reply that does not match the
 * schema after the client's repair round rejects the whole unit's items as `malformed`.
 *
 * Units are processed in the given order, one at a time, and each finished unit is handed to
 * `onUnit` (the resume journal makes it durable) before the next starts; units in `done` (a
 * journal read back) are not asked again. Nothing is random here.
 */
export async function generateLlmCandidates(options: {
  client: LlmClient;
  units: readonly GenerationUnit[];
  done?: ReadonlyMap<string, UnitResult>;
  onUnit?: (id: string, result: UnitResult) => void;
  onProgress?: (done: number, total: number) => void;
}): Promise<{ candidates: LlmCandidate[]; rejected: LlmRejections }> {
  const rejected = noRejections();
  const candidates: LlmCandidate[] = [];
  for (const [i, unit] of options.units.entries()) {
    options.onProgress?.(i, options.units.length);
    let result = options.done?.get(unit.id);
    if (result === undefined) {
      result = await generateUnit({ client: options.client, unit });
      options.onUnit?.(unit.id, result);
    }
    candidates.push(...result.candidates);
    for (const key of Object.keys(rejected) as (keyof LlmRejections)[]) rejected[key] += result.rejected[key];
  }
  options.onProgress?.(options.units.length, options.units.length);
  return { candidates, rejected };
}

async function generateUnit(options: { client: LlmClient; unit: GenerationUnit }): Promise<UnitResult> {
  const { client, unit } = options;
  const rejected = noRejections();
  const checked = await askAndCheckUnit({ client, unit });
  if (checked === 'malformed') {
    rejected.malformed++;
    return { candidates: [], rejected };
  }
  const candidates: LlmCandidate[] = [];
  for (const item of checked) {
    if (typeof item === 'string') rejected[item]++;
    else if (item.type !== 'unanswerable' && (await answersClosedBook({ client, candidate: item })))
      rejected.closedBook++;
    else candidates.push(item);
  }
  return { candidates, rejected };
}

async function answersClosedBook(options: { client: LlmClient; candidate: LlmCandidate }): Promise<boolean> {
  const reply = await options.client.chat({
    messages: closedBookPrompt(options.candidate.question),
    temperature: 0,
    maxTokens: 64,
  });
  // A refusal to answer from memory is not knowing the answer; any other failure stops (see askAndCheckUnit).
  if (!reply.ok) {
    if (reply.error.code === 'refusal') return false;
    throw reply.error;
  }
  return containsAnswer({ question: reply.text, answer: options.candidate.answer });
}
