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
  const { candidates, maxOverlap } = options;
  const judge = new AmbiguityJudge(options.docs);
  const kept: CandidateQuestion[] = [];
  let qualified = 0;
  let dropped = 0;
  for (const candidate of candidates) {
    const source = judge.corpus.at(candidate.docIndex, candidate.sentenceStart);
    const verdict =
      candidate.partner || !source
        ? CLEAR
        : judge.judge({ question: candidate.question, answer: candidate.answer, source, maxOverlap });
    if (verdict.kind === 'dropped') dropped++;
    else if (verdict.kind === 'clear' || verdict.kind === 'unjudged') kept.push(candidate);
    else {
      qualified++;
      kept.push({ ...candidate, question: verdict.question, overlap: verdict.overlap });
    }
  }
  return { kept, qualified, dropped };
}

/** What {@link AmbiguityJudge.judge} decided about one question. */
export type AmbiguityVerdict =
  | { kind: 'clear' }
  | { kind: 'qualified'; question: string; overlap: number }
  | { kind: 'dropped' }
  /** The question matches its own sentence too weakly for a lexical match to tell a rival (see `minOwnMatch`). */
  | { kind: 'unjudged' };

const CLEAR: AmbiguityVerdict = { kind: 'clear' };

/**
 * The one-right-answer rule for a question about one sentence of a corpus, for any generator
 * (the offline templates, the LLM's items): clear when no sentence of another document matches
 * it as well ({@link RIVAL_MATCH_SHARE}) without containing its answer; otherwise qualified with
 * its document's title, or dropped (see disambiguateQuestions). Titles are worked out once.
 */
export class AmbiguityJudge {
  readonly corpus: CorpusSentences;
  private readonly titles = new Map<number, string | undefined>();

  constructor(private readonly docs: readonly CorpusDoc[]) {
    this.corpus = new CorpusSentences(docs);
  }

  /**
   * `source` is the sentence holding the answer; `maxOverlap`, when given, the share of the
   * source's content terms the qualified question may repeat (the offline generator's bound);
   * `minOwnMatch`, when given, the match with its own sentence below which the question is not
   * judged: a paraphrase shares few terms with its sentence, and then every topical neighbour
   * reaches the bar without stating another answer.
   */
  judge(options: {
    question: string;
    answer: string;
    source: CorpusSentence;
    maxOverlap?: number;
    minOwnMatch?: number;
  }): AmbiguityVerdict {
    const { answer, source, maxOverlap, minOwnMatch } = options;
    if (minOwnMatch !== undefined && this.ownMatch(options.question, source) < minOwnMatch) return { kind: 'unjudged' };
    if (!this.hasRival({ question: options.question, answer, source })) return CLEAR;
    const title = this.titleOf(source.docIndex);
    if (title === undefined) return { kind: 'dropped' };
    const question = qualify(options.question, title);
    const overlap = contentOverlap({ a: question, b: source.text });
    if (
      (maxOverlap !== undefined && overlap > maxOverlap) ||
      containsAnswer({ question, answer }) ||
      this.hasRival({ question, answer, source })
    )
      return { kind: 'dropped' };
    return { kind: 'qualified', question, overlap };
  }

  private titleOf(docIndex: number): string | undefined {
    if (!this.titles.has(docIndex)) this.titles.set(docIndex, documentTitle(this.docs[docIndex]));
    return this.titles.get(docIndex);
  }

  private ownMatch(question: string, source: CorpusSentence): number {
    return this.corpus.coverage(this.corpus.weightsOf(terms(question)), source);
  }

  private hasRival(options: { question: string; answer: string; source: CorpusSentence }): boolean {
    const { corpus } = this;
    const { source, answer } = options;
    const weights = corpus.weightsOf(terms(options.question));
    const bar = RIVAL_MATCH_SHARE * corpus.coverage(weights, source);
    return corpus
      .candidatesReaching(weights, bar)
      .some(
        (s) =>
          s.docIndex !== source.docIndex &&
          corpus.coverage(weights, s) >= bar &&
          !containsAnswer({ question: s.text, answer }),
      );
  }
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
