import type { CorpusDoc } from '../data/dataset-schema.js';
import { splitSentences, type TextSentence } from '../providers/local/sentence-split.js';
import { isStopword, terms } from '../text/text-analysis.js';
import { wholeWordOccurrences } from '../text/whole-word-occurrences.js';
import { answerCandidates, type AnswerType } from './answer-candidates.js';
import type { CandidateQuestion } from './candidate-question.js';
import { contentTermSet, jaccard } from './lexical-overlap.js';
import { containsAnswer, MIN_QUESTION_TERMS, questionFromSentence } from './question-from-sentence.js';
import { isFactSentence } from './sentence-candidates.js';
import type { EntityLink } from './shared-entity-links.js';

/** What stands for the shared name in a bridge question, in both of its parts. */
export const BRIDGE_BLANK = '…';

/**
 * Bridge questions over documents linked by a shared name E (see sharedEntityLinks), both ways
 * round. The answer document D states a fact about E ("Nolan was born in 1970."); the partner
 * P says something else about E ("Inception is a 2010 film directed by Nolan."). The question
 * is D's single-document question with E blanked out, followed by P's question whose answer is
 * E: "Which year was … born? (…: Inception is a 2010 film directed by what?)". Neither part
 * names E, so neither document alone answers it: the first part finds the fact only once the
 * second has found who it is about. Both parts are written by the single-document writer
 * (bounded overlap with their sentences); the whole question's overlap with each source
 * sentence stays within `maxOverlap`, it contains neither the answer nor E, and P's part has at
 * least {@link MIN_QUESTION_TERMS} terms that D's text lacks (the other clue really is only in
 * the other document). One clue per direction: P's first fact sentence about E that gives one.
 */
export function bridgeCandidates(options: {
  docs: readonly CorpusDoc[];
  links: readonly EntityLink[];
  answerTypes: readonly AnswerType[];
  maxOverlap: number;
}): CandidateQuestion[] {
  const { docs, maxOverlap } = options;
  const sentences = new Map<number, TextSentence[]>();
  const factSentences = (i: number): TextSentence[] => {
    let list = sentences.get(i);
    if (!list) {
      list = splitSentences(docs[i].text).filter(isFactSentence);
      sentences.set(i, list);
    }
    return list;
  };
  const out: CandidateQuestion[] = [];
  for (const link of options.links) {
    for (const [d, p] of [link.docs, [link.docs[1], link.docs[0]]]) {
      const clue = partnerClue({ entity: link.entity, sentences: factSentences(p), answerDoc: docs[d], maxOverlap });
      if (!clue) continue;
      for (const sentence of factSentences(d)) {
        const mentions = wholeWordOccurrences(sentence.text, link.entity);
        if (mentions.length === 0) continue;
        const inEntity = (start: number, end: number): boolean =>
          mentions.some((m) => start < m + link.entity.length && m < end);
        for (const answer of answerCandidates(sentence.text)) {
          if (!options.answerTypes.includes(answer.type) || inEntity(answer.start, answer.end)) continue;
          const written = questionFromSentence({ sentence: sentence.text, answer, maxOverlap });
          if (!written.ok) continue;
          const at = wholeWordOccurrences(written.question, link.entity).find(
            (m) => !insideLongerName(written.question, m, link.entity.length),
          );
          if (at === undefined) continue;
          const question = `${written.question.slice(0, at)}${BRIDGE_BLANK}${written.question.slice(at + link.entity.length)} (${BRIDGE_BLANK}: ${clue.question})`;
          const text = sentence.text.slice(answer.start, answer.end);
          if (containsAnswer({ question, answer: text }) || containsAnswer({ question, answer: link.entity })) continue;
          const questionTerms = contentTermSet(question);
          const overlap = Math.max(
            jaccard(questionTerms, contentTermSet(sentence.text)),
            jaccard(questionTerms, contentTermSet(clue.sentence.text)),
          );
          if (overlap > maxOverlap) continue;
          out.push({
            question,
            answer: text,
            type: 'two-document',
            docId: docs[d].id,
            docIndex: d,
            sentenceStart: sentence.start,
            sentenceEnd: sentence.end,
            answerStart: sentence.start + answer.start,
            answerEnd: sentence.start + answer.end,
            overlap,
            partner: {
              docId: docs[p].id,
              sentenceStart: clue.sentence.start,
              sentenceEnd: clue.sentence.end,
              spanStart: clue.sentence.start + clue.at,
              spanEnd: clue.sentence.start + clue.at + link.entity.length,
            },
          });
        }
      }
    }
  }
  return out;
}

/**
 * The partner document's clue to E: the question its first fact sentence mentioning E asks when
 * E is the answer ("Inception is a 2010 film directed by what?"), first word lower-cased when it
 * is a function word, kept only with at least {@link MIN_QUESTION_TERMS} terms the answer
 * document does not contain.
 */
function partnerClue(options: {
  entity: string;
  sentences: readonly TextSentence[];
  answerDoc: CorpusDoc;
  maxOverlap: number;
}): { question: string; sentence: TextSentence; at: number } | undefined {
  const answerDocTerms = contentTermSet(options.answerDoc.text);
  for (const sentence of options.sentences) {
    const at = wholeWordOccurrences(sentence.text, options.entity).find(
      (m) => !insideLongerName(sentence.text, m, options.entity.length),
    );
    if (at === undefined) continue;
    const written = questionFromSentence({
      sentence: sentence.text,
      answer: { start: at, end: at + options.entity.length, type: 'entity' },
      maxOverlap: options.maxOverlap,
    });
    if (!written.ok) continue;
    const own = new Set(terms(written.question).filter((t) => !answerDocTerms.has(t)));
    if (own.size < MIN_QUESTION_TERMS) continue;
    const first = written.question.split(/\s/)[0];
    const question = isStopword(first.toLowerCase())
      ? first.toLowerCase() + written.question.slice(first.length)
      : written.question;
    return { question, sentence, at };
  }
  return undefined;
}

/**
 * True when the name at `start` is part of a longer capitalised or hyphenated name ("Kissinger"
 * in "Henry Kissinger", "Day War" in "Six-Day War"): blanking it would leave the rest of the name in the question, and a clue asking for
 * it would ask for half a name.
 */
function insideLongerName(text: string, start: number, length: number): boolean {
  const before = text.slice(Math.max(0, start - 40), start);
  const after = text.slice(start + length);
  // "Six-Day War": a name glued by a hyphen is part of a longer one too.
  if (/[\p{L}\p{N}]-$/u.test(before) || /^-[\p{L}\p{N}]/u.test(after)) return true;
  // A capitalised function word ("The Lisbon office") starts a sentence, not a name.
  const name = (word: string | undefined): boolean =>
    word !== undefined && /^\p{Lu}/u.test(word) && !isStopword(word.toLowerCase());
  return name(/(\S+)\s$/u.exec(before)?.[1]) || name(/^\s(\S+)/u.exec(after)?.[1]);
}
