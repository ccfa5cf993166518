import { suggestName } from '../names/suggest-name.js';
import type { DatasetIssues } from './dataset-issues.js';
import type { DatasetRecords } from './dataset-records.js';

// Levenshtein against every id costs O(corpus) per unknown id; above this size skip suggestions.
const MAX_IDS_FOR_SUGGESTIONS = 50_000;

/**
 * Cross-record checks that no single line can show: duplicate document or question ids, gold
 * ids and answer spans that point outside the corpus, empty documents, an empty corpus or no
 * questions. Fatal problems go to `issues` (each naming its file:line and what to do); non-fatal
 * findings are appended to `records.warnings`.
 *
 * Called by every loader after parsing, before fingerprinting.
 */
export function validateDataset(options: { records: DatasetRecords; issues: DatasetIssues }): void {
  const { records, issues } = options;
  const { docs, questions, docSources, questionSources } = records;

  if (docs.length === 0) issues.add(`${records.corpusLabel}: the corpus has no documents — add at least one document`);
  if (questions.length === 0)
    issues.add(`${records.questionsLabel}: there are no questions — add at least one question`);

  const docIndex = new Map<string, number>();
  docs.forEach((doc, i) => {
    if (issues.full) return;
    const first = docIndex.get(doc.id);
    if (first !== undefined) {
      issues.add(
        `${docSources[i]}: duplicate document id "${doc.id}" (also at ${docSources[first]}) — give each document a unique id`,
      );
      return;
    }
    docIndex.set(doc.id, i);
    if (doc.text.trim() === '')
      issues.add(`${docSources[i]}: document "${doc.id}" has empty text — add its text or remove it`);
  });

  const allIds = docs.length <= MAX_IDS_FOR_SUGGESTIONS ? [...docIndex.keys()] : [];
  const unknownDoc = (where: string, what: string, id: string): void => {
    const suggestion = suggestName(id, allIds);
    const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
    issues.add(`${where}: ${what} "${id}" is not in the corpus${hint} — fix the id or add the document`);
  };

  const questionIndex = new Map<string, number>();
  let unjudgeable = 0;
  questions.forEach((q, i) => {
    if (issues.full) return;
    const where = questionSources[i];
    const first = questionIndex.get(q.id);
    if (first !== undefined)
      issues.add(
        `${where}: duplicate question id "${q.id}" (also at ${questionSources[first]}) — give each question a unique id`,
      );
    else questionIndex.set(q.id, i);

    for (const id of q.gold_doc_ids ?? []) if (!docIndex.has(id)) unknownDoc(where, 'gold doc id', id);
    (q.answer_spans ?? []).forEach((span, k) => {
      const docAt = docIndex.get(span.doc_id);
      if (docAt === undefined) return unknownDoc(where, `answer_spans[${k}].doc_id`, span.doc_id);
      const length = docs[docAt].text.length;
      if (span.start >= span.end || span.end > length) {
        issues.add(
          `${where}: answer_spans[${k}] [${span.start}, ${span.end}) is outside document "${span.doc_id}" (length ${length}) — need start < end ≤ ${length}`,
        );
      }
    });

    const hasGold = (q.gold_doc_ids?.length ?? 0) > 0 || (q.answer_spans?.length ?? 0) > 0;
    if (q.answers.length === 0 && !hasGold) unjudgeable++;
  });

  if (unjudgeable > 0) {
    records.warnings.push(
      `${unjudgeable} question(s) have neither answers nor gold documents, so no metric can score them`,
    );
  }
}
