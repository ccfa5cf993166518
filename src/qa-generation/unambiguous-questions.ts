import type { CorpusDoc } from '../data/dataset-schema.js';
import { splitSentences } from '../providers/local/sentence-split.js';
import { terms } from '../text/text-analysis.js';
import type { CandidateQuestion } from './candidate-question.js';
import { CorpusSentences, type CorpusSentence } from './corpus-sentences.js';
import { contentOverlap } from './lexical-overlap.js';
import { containsAnswer } from './question-from-sentence.js';

/**
 * A sentence of another document whose match with a question reaches this share of the match
 * of the question's own sentence matches it "as well": the answerer's other signals (proximity,
 * phrases, retrieval order) can then pick either.
 */
export const RIVAL_MATCH_SHARE = 0.95;

/** What the ambiguity step kept, and how many it qualified with a title or dropped. */
export interface Disambiguation {
  kept: CandidateQuestion[];
  qualified: number;
  dropped: number;
}

/**
 * A question must have one right answer in the corpus, not only in its own document. Version
 * twins are the common case: "The broker reads its configuration from what?" has one answer in
 * the 2.x configuration reference and another in the 3.x one, and the gold answer would be
 * whichever sentence the question happened to come from. A question is ambiguous when a sentence
 * of another document matches it as well as its own sentence does (see
 * {@link RIVAL_MATCH_SHARE}; match as the extractive answerer measures it, see CorpusSentences)
 * and does not contain its answer. An ambiguous question is qualified with its document's title
 * ("…, according to "Configuration reference (Larkspur 3.x)"?"), as people who write questions
 * name the version or page they mean; it is dropped when the document has no title, the title
 * contains the answer, the title's terms (often the sentence's subject) take the question past
 * the overlap bound, or the qualified question is still ambiguous. Two-document questions pass
 * unchanged: their clue sentence is in the partner document and the answer filter checks them.
 */
export function disambiguateQuestions(options: {
  candidates: readonly CandidateQuestion[];
  docs: readonly CorpusDoc[];
  /** The overlap bound the qualified question must still keep (see MAX_SOURCE_OVERLAP). */
  maxOverlap: number;
}): Disambiguation {
  const { candidates, docs, maxOverlap } = options;
  const corpus = new CorpusSentences(docs);
  const titles = new Map<number, string | undefined>();
  const titleOf = (docIndex: number): string | undefined => {
    if (!titles.has(docIndex)) titles.set(docIndex, documentTitle(docs[docIndex]));
    return titles.get(docIndex);
  };
  const kept: CandidateQuestion[] = [];
  let qualified = 0;
  let dropped = 0;
  for (const candidate of candidates) {
    const source = corpus.at(candidate.docIndex, candidate.sentenceStart);
    if (candidate.partner || !source || !hasRival({ corpus, question: candidate.question, source, candidate })) {
      kept.push(candidate);
      continue;
    }
    const title = titleOf(candidate.docIndex);
    const question = title ? qualify(candidate.question, title) : undefined;
    const overlap = question === undefined ? 1 : contentOverlap({ a: question, b: source.text });
    if (
      question === undefined ||
      overlap > maxOverlap ||
      containsAnswer({ question, answer: candidate.answer }) ||
      hasRival({ corpus, question, source, candidate })
    ) {
      dropped++;
      continue;
    }
    qualified++;
    kept.push({ ...candidate, question, overlap });
  }
  return { kept, qualified, dropped };
}

function hasRival(options: {
  corpus: CorpusSentences;
  question: string;
  source: CorpusSentence;
  candidate: CandidateQuestion;
}): boolean {
  const { corpus, source, candidate } = options;
  const questionTerms = terms(options.question);
  const weights = corpus.weightsOf(questionTerms);
  const bar = RIVAL_MATCH_SHARE * corpus.coverage(weights, source);
  return corpus
    .candidatesReaching(weights, bar)
    .some(
      (s) =>
        s.docIndex !== candidate.docIndex &&
        corpus.coverage(weights, s) >= bar &&
        !containsAnswer({ question: s.text, answer: candidate.answer }),
    );
}

/** The document's title, else its first heading; without code or emphasis marks, double quotes or closing punctuation. */
function documentTitle(doc: CorpusDoc): string | undefined {
  const raw = doc.title?.trim() || splitSentences(doc.text).find((s) => s.kind === 'heading')?.text;
  const title = raw
    ?.replace(/^\s*#+\s*/, '')
    .replace(/`|\*\*|__/g, '')
    .replace(/"/g, "'")
    .replace(/[\s.?!:;,]+$/, '')
    .trim();
  return title ? title : undefined;
}

function qualify(question: string, title: string): string {
  return `${question.replace(/[\s?]+$/, '')}, according to "${title}"?`;
}
