import type { CorpusDoc } from '../../data/dataset-schema.js';
import { containsAnswer } from '../question-from-sentence.js';
import type { LlmCandidate, TextRejection } from './llm-candidate.js';
import type { LlmQuestionReply, TwoDocumentReply } from './llm-question-reply.js';
import type { DocumentPair } from './related-documents.js';

/** A verbatim quote located in a document: its offsets there, or null when it is not in the text. */
function locate(options: { doc: CorpusDoc; quote: string }): { start: number; end: number } | null {
  const quote = options.quote.trim();
  const start = quote === '' ? -1 : options.doc.text.indexOf(quote);
  return start < 0 ? null : { start, end: start + quote.length };
}

/** The answer inside a located quote, as document offsets, or null when the quote does not contain it. */
function answerWithin(options: {
  doc: CorpusDoc;
  evidence: { start: number; end: number };
  answer: string;
}): { start: number; end: number } | null {
  const { doc, evidence, answer } = options;
  const within = answer === '' ? -1 : doc.text.slice(evidence.start, evidence.end).indexOf(answer);
  return within < 0 ? null : { start: evidence.start + within, end: evidence.start + within + answer.length };
}

/** One single-document item checked against its document: a candidate with exact offsets, or why it was rejected. */
export function checkSingleDocumentItem(options: {
  item: LlmQuestionReply['items'][number];
  doc: CorpusDoc;
}): LlmCandidate | TextRejection {
  const { item, doc } = options;
  const base = { type: item.type, question: item.question.trim(), docId: doc.id };
  if (item.type === 'unanswerable')
    return { ...base, answer: '', evidenceStart: 0, evidenceEnd: 0, answerStart: 0, answerEnd: 0 };
  const evidence = locate({ doc, quote: item.evidence });
  if (evidence === null) return 'spanNotInText';
  const answer = item.answer.trim();
  const span = answerWithin({ doc, evidence, answer });
  if (span === null) return 'answerNotInEvidence';
  if (containsAnswer({ question: base.question, answer })) return 'answerInQuestion';
  return {
    ...base,
    answer,
    evidenceStart: evidence.start,
    evidenceEnd: evidence.end,
    answerStart: span.start,
    answerEnd: span.end,
  };
}

/**
 * One two-document item checked against both documents: each quote must be verbatim in its own
 * document, and the answer inside one of them (the first document's quote is tried first); the
 * candidate's `docId` is the document holding the answer and `partner` the other one.
 */
export function checkTwoDocumentItem(options: {
  item: TwoDocumentReply['items'][number];
  pair: DocumentPair;
}): LlmCandidate | TextRejection {
  const { item, pair } = options;
  const question = item.question.trim();
  const first = locate({ doc: pair.first, quote: item.evidence_first });
  const second = locate({ doc: pair.second, quote: item.evidence_second });
  if (first === null || second === null) return 'spanNotInText';
  const answer = item.answer.trim();
  const inFirst = answerWithin({ doc: pair.first, evidence: first, answer });
  const inSecond = inFirst === null ? answerWithin({ doc: pair.second, evidence: second, answer }) : null;
  if (inFirst === null && inSecond === null) return 'answerNotInEvidence';
  if (containsAnswer({ question, answer })) return 'answerInQuestion';
  const [home, homeEvidence, span, other, otherEvidence] =
    inFirst !== null
      ? [pair.first, first, inFirst, pair.second, second]
      : [pair.second, second, inSecond!, pair.first, first];
  return {
    type: 'two-document',
    question,
    answer,
    docId: home.id,
    evidenceStart: homeEvidence.start,
    evidenceEnd: homeEvidence.end,
    answerStart: span.start,
    answerEnd: span.end,
    partner: { docId: other.id, evidenceStart: otherEvidence.start, evidenceEnd: otherEvidence.end },
  };
}
