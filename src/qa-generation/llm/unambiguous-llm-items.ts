import type { CorpusDoc } from '../../data/dataset-schema.js';
import { AmbiguityJudge } from '../unambiguous-questions.js';
import type { LlmCandidate } from './llm-candidate.js';

/** What the ambiguity step kept of the LLM's checked items, and how many it qualified, dropped or could not judge. */
export interface LlmDisambiguation {
  kept: LlmCandidate[];
  qualified: number;
  dropped: number;
  /** Kept unjudged: worded too far from their sentence (see LLM_MIN_OWN_MATCH). */
  unjudged: number;
}

/**
 * An LLM item is judged only when its question matches its own sentence at least this well
 * (the share of the question's IDF mass the sentence holds). Judged at any match, the rule
 * flagged about half of the demo's 162 hand-written questions whose answer is in their gold
 * document, 163 of SQuAD's 500 and 32 of HotpotQA's 39: people (and LLMs) paraphrase, a
 * paraphrase matches its own sentence weakly (median 0.48, 0.70, 0.31), and topical neighbours
 * ("Security fixes are released as patch versions…" for "Until what date will the 2.x line get
 * security patches?") then match it as well without giving another answer. At 0.8 it judges 9,
 * 185 and 1 of them and flags 1, 16 and 0, mostly SQuAD questions that other paragraphs of the
 * same article answer too. Questions worded like their sentence, the version-twin case ("Which
 * port does the broker listen on?"), are still judged.
 */
export const LLM_MIN_OWN_MATCH = 0.8;

/**
 * The offline generator's one-right-answer rule (AmbiguityJudge) applied to the LLM's items: an
 * LLM writes a question from one document and cannot see the others, so "Which port does the
 * broker listen on?" asked of the 3.x reference has another answer in the 2.x one. The sentence
 * holding the answer stands for the item's evidence; an ambiguous item is qualified with its
 * document's title or dropped; one worded far from its sentence is kept unjudged (LLM_MIN_OWN_MATCH,
 * counted). No overlap bound (the LLM's questions have none to keep):
 * unanswerable items (no answer to compare) and two-document items (their clue is in the
 * partner) pass unchanged, as do answers outside any indexed sentence (a heading).
 */
export function disambiguateLlmItems(options: {
  candidates: readonly LlmCandidate[];
  docs: readonly CorpusDoc[];
}): LlmDisambiguation {
  const { candidates, docs } = options;
  const docIndex = new Map(docs.map((doc, i) => [doc.id, i]));
  let judge: AmbiguityJudge | undefined;
  const kept: LlmCandidate[] = [];
  let qualified = 0;
  let dropped = 0;
  let unjudged = 0;
  for (const candidate of candidates) {
    const index = docIndex.get(candidate.docId);
    if (candidate.type === 'unanswerable' || candidate.partner || index === undefined) {
      kept.push(candidate);
      continue;
    }
    // Built on the first item that needs it: a reply with no answerable item costs no index.
    judge ??= new AmbiguityJudge(docs);
    const source = judge.corpus.containing(index, candidate.answerStart);
    const verdict = source
      ? judge.judge({ question: candidate.question, answer: candidate.answer, source, minOwnMatch: LLM_MIN_OWN_MATCH })
      : ({ kind: 'clear' } as const);
    if (verdict.kind === 'dropped') dropped++;
    else if (verdict.kind === 'clear' || verdict.kind === 'unjudged') {
      if (verdict.kind === 'unjudged') unjudged++;
      kept.push(candidate);
    } else {
      qualified++;
      kept.push({ ...candidate, question: verdict.question });
    }
  }
  return { kept, qualified, dropped, unjudged };
}
