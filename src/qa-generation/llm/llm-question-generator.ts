import type { CorpusDoc } from '../../data/dataset-schema.js';
import type { LlmClient } from '../../llm/llm-client.js';
import { generateObject } from '../../llm/structured-output.js';
import { containsAnswer } from '../question-from-sentence.js';
import { closedBookPrompt, questionPrompt } from './llm-prompts.js';
import { LlmQuestionReplySchema, type LlmQuestionType } from './llm-question-reply.js';

/** A checked LLM item: offsets verified in the document text (`answer === text.slice(answerStart, answerEnd)`). */
export interface LlmCandidate {
  type: LlmQuestionType;
  question: string;
  /** '' for unanswerable items. */
  answer: string;
  docId: string;
  evidenceStart: number;
  evidenceEnd: number;
  answerStart: number;
  answerEnd: number;
}

/** Why items were rejected, each counted. */
export interface LlmRejections {
  malformed: number;
  spanNotInText: number;
  answerNotInEvidence: number;
  answerInQuestion: number;
  closedBook: number;
}

/**
 * Asks the LLM for `perDoc` typed items per document and keeps those that check out against the
 * text: the evidence quote must occur verbatim in the document (its offsets are found there, not
 * taken from the model), the answer inside the evidence, and the question must not contain the
 * answer. Then the closed-book filter: an answerable question the same LLM answers without the
 * document (its reply contains the answer) tests memory, not retrieval, and is dropped. A reply
 * that does not match the schema after the client's repair round rejects the whole document's
 * items as `malformed`. Documents are processed in the given order; nothing is random here.
 */
export async function generateLlmCandidates(options: {
  client: LlmClient;
  docs: readonly CorpusDoc[];
  perDoc: number;
  types: readonly LlmQuestionType[];
}): Promise<{ candidates: LlmCandidate[]; rejected: LlmRejections }> {
  const rejected: LlmRejections = {
    malformed: 0,
    spanNotInText: 0,
    answerNotInEvidence: 0,
    answerInQuestion: 0,
    closedBook: 0,
  };
  const candidates: LlmCandidate[] = [];
  for (const doc of options.docs) {
    const reply = await generateObject({
      client: options.client,
      schema: LlmQuestionReplySchema,
      schemaName: 'questions',
      temperature: 0,
      messages: questionPrompt({ title: doc.title, text: doc.text, count: options.perDoc, types: options.types }),
    });
    if (!reply.ok) {
      if (reply.error.code !== 'invalid_output') throw reply.error;
      rejected.malformed++;
      continue;
    }
    for (const item of reply.object.items) {
      const checked = checkItem({ item, doc });
      if (typeof checked === 'string') rejected[checked]++;
      else candidates.push(checked);
    }
  }
  const kept: LlmCandidate[] = [];
  for (const candidate of candidates) {
    if (candidate.type !== 'unanswerable' && (await answersClosedBook({ client: options.client, candidate })))
      rejected.closedBook++;
    else kept.push(candidate);
  }
  return { candidates: kept, rejected };
}

function checkItem(options: {
  item: { type: LlmQuestionType; question: string; answer: string; evidence: string };
  doc: CorpusDoc;
}): LlmCandidate | Exclude<keyof LlmRejections, 'malformed' | 'closedBook'> {
  const { item, doc } = options;
  const base = { type: item.type, question: item.question.trim(), docId: doc.id };
  if (item.type === 'unanswerable')
    return { ...base, answer: '', evidenceStart: 0, evidenceEnd: 0, answerStart: 0, answerEnd: 0 };
  const evidence = item.evidence.trim();
  const evidenceStart = evidence === '' ? -1 : doc.text.indexOf(evidence);
  if (evidenceStart < 0) return 'spanNotInText';
  const answer = item.answer.trim();
  const within = answer === '' ? -1 : evidence.indexOf(answer);
  if (within < 0) return 'answerNotInEvidence';
  if (containsAnswer({ question: base.question, answer })) return 'answerInQuestion';
  const answerStart = evidenceStart + within;
  return {
    ...base,
    answer,
    evidenceStart,
    evidenceEnd: evidenceStart + evidence.length,
    answerStart,
    answerEnd: answerStart + answer.length,
  };
}

async function answersClosedBook(options: { client: LlmClient; candidate: LlmCandidate }): Promise<boolean> {
  const reply = await options.client.chat({
    messages: closedBookPrompt(options.candidate.question),
    temperature: 0,
    maxTokens: 64,
  });
  if (!reply.ok) throw reply.error;
  return containsAnswer({ question: reply.text, answer: options.candidate.answer });
}
