import type { QaItem } from '../../data/dataset-schema.js';
import type { LlmCandidate } from './llm-candidate.js';
import { LLM_PROMPT_VERSION } from './llm-prompts.js';

/**
 * The qa line of a checked LLM candidate: its answer span in the document holding it, gold
 * documents (both of a two-document item, the answer's first), and provenance with every
 * verified offset. Unanswerable items have no answer, gold or span.
 */
export function llmQaItem(options: {
  candidate: LlmCandidate;
  id: string;
  generator: string;
  seed: number;
  filters: string[];
}): QaItem {
  const { candidate: c, id, generator, seed, filters } = options;
  const answerable = c.type !== 'unanswerable';
  return {
    id,
    question: c.question,
    answers: answerable ? [c.answer] : [],
    ...(answerable
      ? {
          gold_doc_ids: c.partner ? [c.docId, c.partner.docId] : [c.docId],
          answer_spans: [{ doc_id: c.docId, start: c.answerStart, end: c.answerEnd }],
        }
      : {}),
    type: c.type,
    provenance: {
      generator,
      version: LLM_PROMPT_VERSION,
      seed,
      type: c.type,
      source: {
        doc_id: c.docId,
        sentence: { start: c.evidenceStart, end: c.evidenceEnd },
        answer: { start: c.answerStart, end: c.answerEnd },
        ...(c.partner
          ? {
              partner: {
                doc_id: c.partner.docId,
                sentence: { start: c.partner.evidenceStart, end: c.partner.evidenceEnd },
              },
            }
          : {}),
      },
      filters: answerable ? filters : ['unique', 'coverage'],
    },
  };
}
