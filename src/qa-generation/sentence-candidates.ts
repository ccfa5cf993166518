import type { CorpusDoc } from '../data/dataset-schema.js';
import { splitSentences, type TextSentence } from '../providers/local/sentence-split.js';
import { tokenize } from '../text/text-analysis.js';
import { type AnswerCandidate, answerCandidates, type QuestionType } from './answer-candidates.js';
import type { CandidateQuestion } from './candidate-question.js';
import { questionFromSentence } from './question-from-sentence.js';

/** Sentence length, in tokens, that states one checkable fact: shorter is a label, longer a run-on list. */
const MIN_SENTENCE_TOKENS = 6;
const MAX_SENTENCE_TOKENS = 60;

/** Why sentences or answers gave no question, counted for the generation report. */
export interface CandidateCounts {
  sentences: number;
  informative: number;
  answers: number;
  tooFewTerms: number;
  answerInQuestion: number;
  /** No window within the overlap bound ends on a whole phrase. */
  cutPhrase: number;
  /** Code values listed beside others (`a`, `b` and `c`): nothing in the sentence tells one apart. */
  listMember: number;
}

/** What a writer of one document's candidate questions is given (sentences, table rows). */
export interface CandidateWriterOptions {
  doc: CorpusDoc;
  docIndex: number;
  types: readonly QuestionType[];
  /** The most content-term overlap a question may have with its source sentence or row. */
  maxOverlap: number;
  /** Added to as the document is read. */
  counts: CandidateCounts;
}

/** Counts at zero, for a generation about to write candidates. */
export function emptyCandidateCounts(): CandidateCounts {
  return {
    sentences: 0,
    informative: 0,
    answers: 0,
    tooFewTerms: 0,
    answerInQuestion: 0,
    cutPhrase: 0,
    listMember: 0,
  };
}

/**
 * Every question the offline generator can write from one document: each informative sentence
 * (prose or a list item, not a heading or code line, {@link MIN_SENTENCE_TOKENS}–
 * {@link MAX_SENTENCE_TOKENS} tokens, with at least one typed answer of a wanted type) gives one
 * question per answer it offers. Offsets are into `doc.text`; the answer is verified to be the
 * exact slice there (a mismatch is a bug, so it throws).
 */
export function sentenceCandidates(options: CandidateWriterOptions): CandidateQuestion[] {
  const { doc, docIndex, types, maxOverlap, counts } = options;
  const out: CandidateQuestion[] = [];
  for (const sentence of splitSentences(doc.text)) {
    counts.sentences++;
    if (!isFactSentence(sentence)) continue;
    const answers = answerCandidates(sentence.text).filter((a) => types.includes(a.type));
    if (answers.length === 0) continue;
    counts.informative++;
    for (const answer of answers) {
      counts.answers++;
      if (isListMember({ text: sentence.text, answer, answers })) {
        counts.listMember++;
        continue;
      }
      const written = questionFromSentence({ sentence: sentence.text, answer, maxOverlap });
      if (!written.ok) {
        if (written.reason === 'too-few-terms') counts.tooFewTerms++;
        else if (written.reason === 'cut-phrase') counts.cutPhrase++;
        else counts.answerInQuestion++;
        continue;
      }
      const answerStart = sentence.start + answer.start;
      const answerEnd = sentence.start + answer.end;
      const text = sentence.text.slice(answer.start, answer.end);
      if (doc.text.slice(answerStart, answerEnd) !== text)
        throw new Error(`answer offsets drifted in ${doc.id} at ${answerStart}`);
      out.push({
        question: written.question,
        answer: text,
        type: answer.type,
        docId: doc.id,
        docIndex,
        sentenceStart: sentence.start,
        sentenceEnd: sentence.end,
        answerStart,
        answerEnd,
        overlap: written.overlap,
      });
    }
  }
  return out;
}

/**
 * A sentence that can state one checkable fact: prose or a list item, not a heading, code line
 * or table row (no clause to turn into a question), {@link MIN_SENTENCE_TOKENS}–
 * {@link MAX_SENTENCE_TOKENS} tokens long.
 */
export function isFactSentence(sentence: TextSentence): boolean {
  if (
    sentence.isHeader ||
    sentence.kind === 'code' ||
    sentence.kind === 'heading' ||
    sentence.kind === 'table-row' ||
    sentence.text.includes('|')
  )
    return false;
  const length = tokenize(sentence.text).length;
  return length >= MIN_SENTENCE_TOKENS && length <= MAX_SENTENCE_TOKENS;
}

/**
 * A code value listed beside another ("`pending`, `delayed` and `leased`"): a question blanking
 * one of them ("`pending` what `leased`?") asks for a list position, not a fact.
 */
function isListMember(options: {
  text: string;
  answer: AnswerCandidate;
  answers: readonly AnswerCandidate[];
}): boolean {
  const { text, answer, answers } = options;
  if (answer.type !== 'literal') return false;
  const separator = /^[`"'”]?\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)[`"'“]?$/;
  return answers.some(
    (other) =>
      other !== answer &&
      other.type === 'literal' &&
      (separator.test(text.slice(answer.end, other.start)) || separator.test(text.slice(other.end, answer.start))),
  );
}
