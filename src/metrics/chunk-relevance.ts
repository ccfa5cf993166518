import type { QaItem } from '../data/dataset-schema.js';
import type { Chunk } from '../chunking/chunk.js';
import { containsNormalized } from './answer-containment.js';
import { isNumberToken, lightNormalize, lightTokens } from './light-normalize.js';

/**
 * Relevance ground truth that survives re-chunking: chunks are judged by document id, character
 * offsets and text, never by chunk id, so any chunking of the same corpus can be scored.
 */

/**
 * One thing a question needs retrieved. `key` is unique within a question. Span and doc units
 * come from the dataset's gold; the single `answer` unit is the fallback when there is no gold.
 */
export type GoldUnit =
  | { kind: 'span'; key: string; docId: string; start: number; end: number }
  | { kind: 'doc'; key: string; docId: string }
  | { kind: 'answer'; key: 'answer'; normalizedAnswers: string[] };

// Too generic to identify a passage: "no" or "true" occurs in almost any chunk.
const UNSEARCHABLE_ANSWERS: ReadonlySet<string> = new Set(['yes', 'no', 'true', 'false']);

/** Shortest lightly normalised answer that containment may search for, in characters. */
export const MIN_SEARCHABLE_ANSWER_CHARS = 4;

/**
 * Reference answers usable for containment, lightly normalised ({@link lightNormalize}: numbers
 * keep their sign and decimal point). An answer is searchable when it has at least
 * {@link MIN_SEARCHABLE_ANSWER_CHARS} characters, is not only numbers ("1889", "-3.7", "2,200"
 * would match dates, pages and tables of unrelated documents) and is not yes/no/true/false.
 * Deduplicated, in first-seen order.
 */
export function searchableAnswers(item: QaItem): string[] {
  const searchable = item.answers.filter((answer) => {
    const tokens = lightTokens(answer);
    const text = tokens.join(' ');
    return (
      text.length >= MIN_SEARCHABLE_ANSWER_CHARS && !tokens.every(isNumberToken) && !UNSEARCHABLE_ANSWERS.has(text)
    );
  });
  return [...new Set(searchable.map(lightNormalize))];
}

/**
 * The gold units of a question, by precedence: each answer span (deduplicated); else each gold
 * document; else one `answer` unit when at least one reference answer is searchable (see
 * {@link searchableAnswers}). Returns [] when none applies: retrieval metrics are then undefined
 * for the question. Multi-hop items yield one unit per span or document, e.g. two docs.
 * Containment is only the no-gold fallback: with gold, a chunk of another document that happens
 * to quote the answer is not evidence the dataset points at.
 */
export function goldUnits(item: QaItem): GoldUnit[] {
  if (item.answer_spans && item.answer_spans.length > 0) {
    const units = new Map<string, GoldUnit>();
    for (const span of item.answer_spans) {
      const key = `span:${span.doc_id}:${span.start}-${span.end}`;
      units.set(key, { kind: 'span', key, docId: span.doc_id, start: span.start, end: span.end });
    }
    return [...units.values()];
  }
  if (item.gold_doc_ids && item.gold_doc_ids.length > 0) {
    return [...new Set(item.gold_doc_ids)].map((docId) => ({ kind: 'doc' as const, key: `doc:${docId}`, docId }));
  }
  const normalizedAnswers = searchableAnswers(item);
  return normalizedAnswers.length > 0 ? [{ kind: 'answer', key: 'answer', normalizedAnswers }] : [];
}

// The same chunks come back for many questions of a run: normalise each chunk object's text once.
const normalizedTexts = new WeakMap<Chunk, string>();

/** A chunk whose text is normalised at most once, however many units and questions ask for it. */
class JudgedChunk {
  constructor(readonly chunk: Chunk) {}
  get normalizedText(): string {
    let text = normalizedTexts.get(this.chunk);
    if (text === undefined) {
      text = lightNormalize(this.chunk.text);
      normalizedTexts.set(this.chunk, text);
    }
    return text;
  }
  containsAny(normalizedAnswers: readonly string[]): boolean {
    return normalizedAnswers.some((needle) => containsNormalized({ haystack: this.normalizedText, needle }));
  }
}

function covers(judged: JudgedChunk, unit: GoldUnit): boolean {
  const { chunk } = judged;
  switch (unit.kind) {
    case 'span': {
      if (chunk.docId !== unit.docId) return false;
      // An empty span [s, s) still marks a position: treat it as the one character at s.
      const spanEnd = Math.max(unit.end, unit.start + 1);
      return chunk.start < spanEnd && unit.start < chunk.end;
    }
    case 'doc':
      return chunk.docId === unit.docId;
    case 'answer':
      return judged.containsAny(unit.normalizedAnswers);
  }
}

/** How each retrieved chunk, in rank order, relates to the question's gold. */
export interface RankedRelevance {
  /** `relevant[i]`: the chunk at rank i + 1 is relevant (see {@link isRelevantChunk}). */
  relevant: boolean[];
  /** `covers[i]`: keys of the gold units the chunk at rank i + 1 covers. */
  covers: string[][];
  /** Number of gold units of the question; 0 when retrieval metrics do not apply. */
  goldUnitCount: number;
}

/**
 * Judge a ranked chunk list once, for all retrieval metrics. A chunk is relevant when it covers
 * a gold unit (see {@link goldUnits}: gold spans, else gold documents, else containment of a
 * searchable answer), so precision, MRR, hit rate and recall agree on what "relevant" means.
 */
export function judgeRanking(options: { retrieved: readonly Chunk[]; item: QaItem }): RankedRelevance {
  const units = goldUnits(options.item);
  const relevant: boolean[] = [];
  const coverKeys: string[][] = [];
  for (const chunk of options.retrieved) {
    const judged = new JudgedChunk(chunk);
    const keys = units.filter((unit) => covers(judged, unit)).map((unit) => unit.key);
    coverKeys.push(keys);
    relevant.push(keys.length > 0);
  }
  return { relevant, covers: coverKeys, goldUnitCount: units.length };
}

/**
 * Whether one chunk is relevant to a question: it overlaps a gold span (same document, [start,
 * end) intersecting); else, for items without spans, belongs to a gold document; else, for items
 * without any gold, contains a searchable reference answer on token boundaries. False for items
 * without gold and without searchable answers.
 */
export function isRelevantChunk(options: { chunk: Chunk; item: QaItem }): boolean {
  return judgeRanking({ retrieved: [options.chunk], item: options.item }).relevant[0];
}

/** The gold units (in {@link goldUnits} order) covered by at least one of `chunks`. */
export function coveredUnits(options: { chunks: readonly Chunk[]; item: QaItem }): GoldUnit[] {
  const judged = options.chunks.map((chunk) => new JudgedChunk(chunk));
  return goldUnits(options.item).filter((unit) => judged.some((chunk) => covers(chunk, unit)));
}
