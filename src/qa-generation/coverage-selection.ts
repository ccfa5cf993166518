import type { CandidateQuestion } from './candidate-question.js';

/**
 * Picks `n` questions spread over the documents: round-robin over the documents (in the order
 * of their first candidate, which the caller has seeded), taking each document's candidates in
 * their given order, so no document gets a second question before every document with
 * candidates has one. Returns them in pick order.
 */
export function selectWithCoverage<T extends Pick<CandidateQuestion, 'docId'>>(options: {
  candidates: readonly T[];
  n: number;
}): T[] {
  const byDoc = new Map<string, T[]>();
  for (const candidate of options.candidates) {
    const list = byDoc.get(candidate.docId) ?? [];
    list.push(candidate);
    byDoc.set(candidate.docId, list);
  }
  const queues = [...byDoc.values()];
  const out: T[] = [];
  for (let round = 0; out.length < options.n; round++) {
    let took = false;
    for (const queue of queues) {
      if (round < queue.length && out.length < options.n) {
        out.push(queue[round]);
        took = true;
      }
    }
    if (!took) break;
  }
  return out;
}
