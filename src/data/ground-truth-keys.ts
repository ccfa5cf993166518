import type { QaItem } from './dataset-schema.js';
import type { DatasetWarning } from './dataset-warning.js';
import { goldSpansProblem } from './gold-spans.js';

/** The question keys tune-rag reads; every other key is kept on the item and otherwise ignored. */
const KNOWN_KEYS = new Set(['id', 'question', 'answers', 'gold_doc_ids', 'answer_spans']);

/**
 * The documented pattern for "looks like ground truth": a key is split into words (snake_case,
 * kebab-case, camelCase, dots) and matches when one word names a reference answer or evidence...
 */
const ANSWER_WORDS = new Set(['answer', 'answers', 'expected', 'ideal', 'groundtruth', 'reference']);
/** ...or evidence of where the answer is (documents, passages, spans, contexts)... */
const EVIDENCE_WORDS = new Set([
  'gold',
  'golden',
  'evidence',
  'evidences',
  'context',
  'contexts',
  'ctxs',
  'supporting',
  'support',
  'positive',
  'positives',
  'passage',
  'passages',
  'paragraph',
  'paragraphs',
  'span',
  'spans',
  'rationale',
  'rationales',
  'relevant',
  'relevance',
  'citation',
  'citations',
  'references',
  'qrels',
  'doc',
  'docs',
  'document',
  'documents',
]);
/** ...unless its last word says it describes that thing (`answer_type`, `context_count`): metadata, tolerated silently. */
const METADATA_LAST_WORDS = new Set([
  'type',
  'types',
  'kind',
  'category',
  'count',
  'num',
  'length',
  'len',
  'format',
  'lang',
  'language',
  'level',
  'style',
]);

/** Which of the two patterns a key matches, or null for a key that is tolerated silently (`type`, `level`, ...). */
export function groundTruthKind(key: string): 'answer' | 'evidence' | null {
  if (KNOWN_KEYS.has(key)) return null;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.length === 0 || METADATA_LAST_WORDS.has(words[words.length - 1])) return null;
  const joined = words.join('');
  if (joined.includes('groundtruth') || words.some((w) => ANSWER_WORDS.has(w))) return 'answer';
  return words.some((w) => EVIDENCE_WORDS.has(w)) ? 'evidence' : null;
}

const HINT = {
  answer: 'tune-rag reads reference answers only from "answers" (an array of strings): rename or copy it there',
  evidence:
    'tune-rag reads ground truth only from gold_doc_ids and answer_spans ([{doc_id, start, end}] character offsets): map it to one of them (passages not in the corpus go into corpus.jsonl first)',
};

/**
 * Warnings for question keys that tune-rag ignores but that look like ground truth (one per key,
 * with how many questions carry it and the first), and for a `gold_spans` that was not accepted
 * as answer spans because of its shape (with the reason). Other unknown keys stay silent.
 */
export function groundTruthKeyWarnings(options: { questions: readonly QaItem[]; label: string }): DatasetWarning[] {
  const { questions, label } = options;
  const seen = new Map<string, { count: number; first: QaItem }>();
  for (const q of questions) {
    for (const key of Object.keys(q)) {
      if (key !== 'gold_spans' && groundTruthKind(key) === null) continue;
      const entry = seen.get(key);
      if (entry) entry.count++;
      else seen.set(key, { count: 1, first: q });
    }
  }
  const n = questions.length;
  return [...seen].map(([key, { count, first }]): DatasetWarning => {
    const on = `${count.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} questions, first "${first.id}"`;
    if (key === 'gold_spans') {
      return {
        code: 'gold-spans-ignored',
        value: count,
        threshold: 0,
        message: `${label}: "gold_spans" was ignored (${on}): it is read as answer_spans only in the shape [{"doc_id", "start", "end"}] — here ${goldSpansProblem(first.gold_spans)}; convert it to character offsets into the document text, or list the documents in gold_doc_ids`,
      };
    }
    const kind = groundTruthKind(key) as 'answer' | 'evidence';
    return {
      code: 'ground-truth-keys',
      value: count,
      threshold: 0,
      message: `${label}: key "${key}" looks like ground truth but is ignored (${on}) — ${HINT[kind]}`,
    };
  });
}
