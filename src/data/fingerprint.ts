import { createHash } from 'node:crypto';
import type { CorpusDoc, QaItem } from './dataset-schema.js';

/** Length of the hex fingerprint: 64 bits is plenty to tell datasets apart in one cache. */
export const FINGERPRINT_LENGTH = 16;

/**
 * Content hash of a dataset: sha256 over a canonical serialisation of the docs (id, title,
 * text) and questions (id, question, answers, gold_doc_ids, answer_spans), as 16 hex chars.
 *
 * Invariants: independent of file paths, file format and JSON key order; extra keys (type,
 * level, ...) do not count. Record order does count, because seeded question subsets and
 * retrieval tie-breaks depend on it.
 */
export function computeFingerprint(options: { docs: readonly CorpusDoc[]; questions: readonly QaItem[] }): string {
  const hash = createHash('sha256');
  // Each record is a JSON array in a fixed field order, one per line: unambiguous and key-order free.
  hash.update('tune-rag-dataset-v1\n');
  for (const doc of options.docs) {
    hash.update(JSON.stringify(['d', doc.id, doc.title ?? null, doc.text]) + '\n');
  }
  for (const q of options.questions) {
    const spans = (q.answer_spans ?? []).map((s) => [s.doc_id, s.start, s.end]);
    hash.update(JSON.stringify(['q', q.id, q.question, q.answers, q.gold_doc_ids ?? [], spans]) + '\n');
  }
  return hash.digest('hex').slice(0, FINGERPRINT_LENGTH);
}
