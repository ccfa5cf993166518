import type { CorpusDoc } from '../data/dataset-schema.js';
import { answerExtractively } from '../providers/local/extractive-answerer.js';
import type { CandidateQuestion } from './candidate-question.js';

/**
 * Offline answerability: keeps a question only when the extractive answerer (span mode), given
 * the question's whole source document as its evidence, answers with a span that overlaps the
 * generated answer. A question whose wording does not lead back to its own fact in its own
 * document (it asks about something else, or says too little) is dropped.
 */
export function isAnswerableOffline(options: { candidate: CandidateQuestion; doc: CorpusDoc }): boolean {
  const { candidate, doc } = options;
  const found = answerExtractively({
    question: candidate.question,
    contexts: [{ text: doc.text, docId: doc.id, title: doc.title }],
    mode: 'span',
  });
  const at = found.location;
  return at !== undefined && at.start < candidate.answerEnd && candidate.answerStart < at.end;
}
