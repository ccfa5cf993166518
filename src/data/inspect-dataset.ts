import { percentile } from '../stats/percentile.js';
import type { Dataset, DatasetFormat, QaItem } from './dataset-schema.js';
import type { DatasetWarning } from './dataset-warning.js';
import { datasetWarnings } from './dataset-warnings.js';
import type { ChunkSizeReference } from './document-warnings.js';
import { generationSummary, type GenerationSummary } from './generation-summary.js';

/** p5 / p50 / p95 / max of a length distribution (rounded to whole units). */
export interface LengthStats {
  p5: number;
  p50: number;
  p95: number;
  max: number;
}

/**
 * What `tune-rag datasets inspect` shows: plain data (JSON-serialisable). Shares are in [0, 1],
 * or null when nothing qualifies (e.g. no question has answers).
 */
export interface InspectReport {
  name: string;
  source: string;
  format: DatasetFormat;
  fingerprint: string;
  counts: { docs: number; questions: number; questionsWithAnswers: number; questionsWithGold: number };
  docLength: { chars: LengthStats; words: LengthStats };
  questionLength: { charsP50: number; wordsP50: number };
  /** Share of questions with answers whose some answer occurs verbatim (case-insensitive) anywhere in the corpus. */
  answersInCorpus: number | null;
  /** Share of questions with answers and gold docs whose some answer occurs in one of their gold docs. */
  answersInGoldDocs: number | null;
  /** Share of questions with gold docs or spans. */
  goldCoverage: number | null;
  /** Mean distinct gold documents per question that has any. */
  meanGoldDocsPerQuestion: number | null;
  /** What the loader noted and what the checks of `datasetWarnings` found, each with a stable code. */
  warnings: DatasetWarning[];
  /** Type mix, coverage and per-filter drops of generated questions; absent when none has a generator provenance. */
  generation?: GenerationSummary;
}

/**
 * Computes the inspect report. Linear in corpus size plus one indexOf over the lower-cased
 * corpus per distinct answer: well under a second for 2k docs × 500 questions. `chunk` (the
 * largest chunk size a run may use) enables the long-document warning.
 */
export function inspectDataset(options: { dataset: Dataset; chunk?: ChunkSizeReference }): InspectReport {
  const { dataset } = options;
  const { docs, questions } = dataset;
  const withAnswers = questions.filter((q) => q.answers.length > 0);
  const withGold = questions.filter((q) => goldDocIds(q).length > 0);

  const lowerById = new Map<string, string>();
  for (const doc of docs) lowerById.set(doc.id, doc.text.toLowerCase());
  // NUL between docs so an answer never matches across a document boundary.
  const corpus = [...lowerById.values()].join('\u0000');
  const foundInCorpus = new Map<string, boolean>();
  const inCorpus = (answer: string): boolean => {
    const key = answer.toLowerCase();
    let found = foundInCorpus.get(key);
    if (found === undefined) foundInCorpus.set(key, (found = key !== '' && corpus.includes(key)));
    return found;
  };
  const answeredWithGold = withAnswers.filter((q) => goldDocIds(q).length > 0);
  const inGold = (q: QaItem): boolean =>
    q.answers.some((a) => a !== '' && goldDocIds(q).some((id) => lowerById.get(id)?.includes(a.toLowerCase())));

  const goldCounts = withGold.map((q) => goldDocIds(q).length);
  const answersInCorpus = share(withAnswers.filter((q) => q.answers.some(inCorpus)).length, withAnswers.length);
  return {
    name: dataset.name,
    source: dataset.source,
    format: dataset.format,
    fingerprint: dataset.fingerprint,
    counts: {
      docs: docs.length,
      questions: questions.length,
      questionsWithAnswers: withAnswers.length,
      questionsWithGold: withGold.length,
    },
    docLength: {
      chars: lengthStats(docs.map((d) => d.text.length)),
      words: lengthStats(docs.map((d) => countWords(d.text))),
    },
    questionLength: {
      charsP50: Math.round(percentile({ values: questions.map((q) => q.question.length), p: 50 }) ?? 0),
      wordsP50: Math.round(percentile({ values: questions.map((q) => countWords(q.question)), p: 50 }) ?? 0),
    },
    answersInCorpus,
    answersInGoldDocs: share(answeredWithGold.filter(inGold).length, answeredWithGold.length),
    goldCoverage: share(withGold.length, questions.length),
    meanGoldDocsPerQuestion: goldCounts.length === 0 ? null : goldCounts.reduce((a, b) => a + b, 0) / goldCounts.length,
    warnings: datasetWarnings({ dataset, answersInCorpus, chunk: options.chunk }),
    ...generationField(dataset),
  };
}

function generationField(dataset: Dataset): { generation?: GenerationSummary } {
  const generation = generationSummary({ dataset });
  return generation ? { generation } : {};
}

/** Distinct documents a question's gold points at: gold_doc_ids plus span documents. */
function goldDocIds(q: QaItem): string[] {
  const ids = new Set(q.gold_doc_ids ?? []);
  for (const span of q.answer_spans ?? []) ids.add(span.doc_id);
  return [...ids];
}

function lengthStats(values: number[]): LengthStats {
  const at = (p: number): number => Math.round(percentile({ values, p }) ?? 0);
  return { p5: at(5), p50: at(50), p95: at(95), max: values.length === 0 ? 0 : Math.max(...values) };
}

function countWords(text: string): number {
  const m = text.match(/\S+/g);
  return m === null ? 0 : m.length;
}

function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
