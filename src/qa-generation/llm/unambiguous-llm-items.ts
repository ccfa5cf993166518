import type { CorpusDoc } from '../../data/dataset-schema.js';
import { AmbiguityJudge } from '../unambiguous-questions.js';
import type { LlmCandidate } from './llm-candidate.js';

/** What the ambiguity step kept of the LLM's checked items, and how many it qualified or dropped. */
export interface LlmDisambiguation {
  kept: LlmCandidate[];
  qualified: number;
  dropped: number;
}

/**
 * The offline generator's one-right-answer rule (AmbiguityJudge) applied to the LLM's items: an
 * LLM writes a question from one document and cannot see the others, so "Which port does the
 * broker listen on?" asked of the 3.x reference has another answer in the 2.x one. The sentence
 * holding the answer stands for the item's evidence; an ambiguous item is qualified with its
 * document's title or dropped. No overlap bound (the LLM's questions have none to keep):
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
      ? judge.judge({ question: candidate.question, answer: candidate.answer, source })
      : ({ kind: 'clear' } as const);
    if (verdict.kind === 'dropped') dropped++;
    else if (verdict.kind === 'clear') kept.push(candidate);
    else {
      qualified++;
      kept.push({ ...candidate, question: verdict.question });
    }
  }
  return { kept, qualified, dropped };
}
