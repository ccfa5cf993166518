import type { QaItem } from './dataset-schema.js';
import type { DatasetWarning } from './dataset-warning.js';
import { countText, pctText } from './warning-text.js';

/** Duplicate groups named in the message; the count covers all of them. */
const EXAMPLES = 3;

/** Question text compared for duplicates: case, accents' composition, punctuation and spacing ignored. */
export function normaliseQuestion(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Warnings about the questions: some (or all) have no gold documents or spans, so their
 * retrieval is judged only by answer containment; and duplicate questions (after
 * `normaliseQuestion`), which weigh twice in every mean and can fall on both sides of a split.
 */
export function questionWarnings(options: { questions: readonly QaItem[] }): DatasetWarning[] {
  const { questions } = options;
  const warnings: DatasetWarning[] = [];
  const withoutGold = questions.filter(
    (q) => (q.gold_doc_ids?.length ?? 0) === 0 && (q.answer_spans?.length ?? 0) === 0,
  ).length;
  if (withoutGold > 0 && questions.length > 0) {
    const share = withoutGold / questions.length;
    const which =
      withoutGold === questions.length
        ? 'no question has'
        : `${countText(withoutGold)} of ${countText(questions.length)} questions (${pctText(share)}) have no`;
    warnings.push({
      code: 'questions-without-gold',
      value: share,
      threshold: 0,
      message: `${which} gold_doc_ids or answer_spans (warn above 0%): their retrieval is judged only by whether a chunk contains an answer — add the documents (gold_doc_ids) or answer locations (answer_spans)`,
    });
  }
  const groups = new Map<string, QaItem[]>();
  for (const q of questions) {
    const key = normaliseQuestion(q.question);
    const group = groups.get(key);
    if (group) group.push(q);
    else groups.set(key, [q]);
  }
  const repeated = [...groups.values()].filter((g) => g.length > 1);
  if (repeated.length > 0) {
    const extra = repeated.reduce((sum, g) => sum + g.length - 1, 0);
    const examples = repeated
      .slice(0, EXAMPLES)
      .map((g) => `"${g[0].question}" (${g.map((q) => q.id).join(', ')})`)
      .join('; ');
    warnings.push({
      code: 'duplicate-questions',
      value: extra,
      threshold: 0,
      message: `${countText(extra)} question(s) repeat an earlier one (${countText(repeated.length)} text(s) asked more than once, ignoring case and punctuation; warn above 0), e.g. ${examples} — duplicates count twice in every score: remove or merge them`,
    });
  }
  return warnings;
}
