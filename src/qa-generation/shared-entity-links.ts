import type { CorpusDoc } from '../data/dataset-schema.js';
import { splitSentences } from '../providers/local/sentence-split.js';
import { tokenize } from '../text/text-analysis.js';
import { wholeWordOccurrences } from '../text/whole-word-occurrences.js';
import { answerCandidates } from './answer-candidates.js';
import { isFactSentence } from './sentence-candidates.js';

/** A name exactly two documents mention: what relates them, and what a two-document question bridges over. */
export interface EntityLink {
  entity: string;
  /** Indices of the two documents, ascending. */
  docs: [number, number];
}

/**
 * Pairs of related documents, found by the rare names they share: every capitalised name the
 * generator can ask about (an `entity` answer span of a fact sentence) that occurs, as whole
 * words, in exactly two documents of the corpus. A name in one document relates nothing; a name
 * in three or more (a product, a recurring acronym) does not say which document the other clue
 * is in, so a question bridging over it would be ambiguous. A name inside a longer name linking
 * the same two documents is dropped. Names in first-seen order
 * (documents in corpus order), so the links are deterministic.
 */
export function sharedEntityLinks(docs: readonly CorpusDoc[]): EntityLink[] {
  const postings = new Map<string, Set<number>>();
  docs.forEach((doc, i) => {
    for (const token of tokenize(doc.text)) {
      const list = postings.get(token);
      if (list) list.add(i);
      else postings.set(token, new Set([i]));
    }
  });
  const seen = new Set<string>();
  const links: EntityLink[] = [];
  docs.forEach((doc) => {
    for (const entity of factSentenceNames(doc)) {
      if (seen.has(entity)) continue;
      seen.add(entity);
      const mentioning = docsMentioning({ entity, docs, postings });
      if (mentioning.length === 2) links.push({ entity, docs: [mentioning[0], mentioning[1]] });
    }
  });
  // "Vasquez" linking the documents "Mirela Vasquez" links is the same link, and blanking it would leave "Mirela …".
  return links.filter(
    (link) =>
      !links.some(
        (other) =>
          other !== link &&
          other.docs[0] === link.docs[0] &&
          other.docs[1] === link.docs[1] &&
          other.entity.length > link.entity.length &&
          wholeWordOccurrences(other.entity, link.entity).length > 0,
      ),
  );
}

/** The distinct `entity` answer spans of a document's fact sentences, in text order. */
function factSentenceNames(doc: CorpusDoc): string[] {
  const names: string[] = [];
  for (const sentence of splitSentences(doc.text)) {
    if (!isFactSentence(sentence)) continue;
    for (const answer of answerCandidates(sentence.text))
      if (answer.type === 'entity') names.push(sentence.text.slice(answer.start, answer.end));
  }
  return [...new Set(names)];
}

/** Documents whose text holds `entity` as whole words; stops counting at three (only "exactly two" matters). */
function docsMentioning(options: {
  entity: string;
  docs: readonly CorpusDoc[];
  postings: ReadonlyMap<string, ReadonlySet<number>>;
}): number[] {
  const lists = tokenize(options.entity).map((token) => options.postings.get(token) ?? new Set<number>());
  if (lists.length === 0) return [];
  // Only documents holding every token of the name can hold the name: test the shortest list's.
  const shortest = lists.reduce((a, b) => (b.size < a.size ? b : a));
  const out: number[] = [];
  for (const i of shortest) {
    if (lists.some((list) => !list.has(i))) continue;
    if (wholeWordOccurrences(options.docs[i].text, options.entity, 1).length > 0) out.push(i);
    if (out.length > 2) break;
  }
  return out;
}
