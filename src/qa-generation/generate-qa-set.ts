import type { CorpusDoc, QaItem } from '../data/dataset-schema.js';
import { computeFingerprint } from '../data/fingerprint.js';
import { TuneRagError, optionRef } from '../errors.js';
import { mulberry32 } from '../stats/seeded-random.js';
import type { PipelineComponents } from '../providers/pipeline-components.js';
import type { StageCache } from '../pipeline/stage-cache.js';
import { stableHash } from '../json/canonical-json.js';
import type { Config } from '../space/parameter-schema.js';
import { ANSWER_TYPES, type QuestionType } from './answer-candidates.js';
import { isAnswerableOffline } from './answerability-filter.js';
import { bridgeCandidates } from './bridge-questions.js';
import type { CandidateQuestion } from './candidate-question.js';
import { discriminativeFilter } from './discriminative-filter.js';
import {
  FILTER_NAMES,
  OFFLINE_GENERATOR,
  OFFLINE_GENERATOR_VERSION,
  provenanceOf,
  toQaItem,
} from './generated-qa-item.js';
import type { GenerationReport } from '../data/generation-report.js';
import { MAX_SOURCE_OVERLAP } from './lexical-overlap.js';
import type { JournalSettings } from './generation-journal.js';
import type { JournalHandle } from './journaled-generation.js';
import { dropNearDuplicates } from './near-duplicates.js';
import { disambiguateQuestions } from './unambiguous-questions.js';
import { probeConfigurations } from './probe-configurations.js';
import { emptyCandidateCounts, sentenceCandidates } from './sentence-candidates.js';
import { sharedEntityLinks } from './shared-entity-links.js';
import { tableRowCandidates } from './table-row-questions.js';
import { selectTypeMix, TWO_DOCUMENT_SHARE } from './two-document-share.js';

/** What a generation step is doing, for a progress bar. */
export interface GenerationProgress {
  stage: 'writing' | 'answerable' | 'probing';
  done: number;
  total: number;
}

export interface GenerateQaOptions {
  docs: readonly CorpusDoc[];
  /** Questions wanted; fewer possible is an error that says how many are. */
  n: number;
  seed: number;
  types: readonly QuestionType[];
  /** Configuration the probes vary (pipelines/baseline.json). */
  baseline: Config;
  components: PipelineComponents;
  cache: StageCache;
  /** The caller's option that set n, named in the too-few error (default `questions`). */
  option?: string;
  onProgress?: (progress: GenerationProgress) => void;
  /** The resume journal: probe verdicts a previous run finished, and where to record new ones. */
  journal?: JournalHandle<string>;
}

/** The key of a generation: equal keys give the same qa lines, so a stored set can be reused. */
export function generationKey(options: {
  docs: readonly CorpusDoc[];
  n: number;
  seed: number;
  types: readonly QuestionType[];
}): string {
  return generationSettings(options).key;
}

/** The key of a generation and the settings it stands for (named when a journal of other settings is refused). */
export function generationSettings(options: {
  docs: readonly CorpusDoc[];
  n: number;
  seed: number;
  types: readonly QuestionType[];
}): { key: string; settings: JournalSettings } {
  const docs = computeFingerprint({ docs: options.docs, questions: [] });
  const types = [...options.types].sort();
  const key = stableHash({
    docs,
    n: options.n,
    seed: options.seed,
    types,
    generator: OFFLINE_GENERATOR,
    version: OFFLINE_GENERATOR_VERSION,
  });
  return {
    key,
    settings: {
      generator: OFFLINE_GENERATOR,
      version: OFFLINE_GENERATOR_VERSION,
      documents: docs,
      questions: options.n,
      seed: options.seed,
      types,
    },
  };
}

/**
 * The offline generator end to end: write candidate questions from every informative sentence
 * and, with `two-document` among the types, bridge questions over documents sharing a rare name
 * (see bridgeCandidates), put them in a seeded order, then filter — unambiguous in the corpus (qualified with the document's title when needed), answerable offline, near-duplicates, discriminative
 * (probe configurations) — and pick `n` spread over the documents, a share of them two-document,
 * the questions that separate the probes first and those every probe answers only as a fill. Deterministic: the same
 * documents, n, seed and types give the same lines. Every step's removals are counted in the report.
 */
export async function generateQaSet(
  options: GenerateQaOptions,
): Promise<{ items: QaItem[]; report: GenerationReport }> {
  const { docs, n, seed, types } = options;
  const counts = emptyCandidateCounts();
  const perDoc = docs.map((doc, docIndex) => {
    options.onProgress?.({ stage: 'writing', done: docIndex, total: docs.length });
    const written = { doc, docIndex, types, maxOverlap: MAX_SOURCE_OVERLAP, counts };
    return [...sentenceCandidates(written), ...tableRowCandidates(written)];
  });
  const links = types.includes('two-document') ? sharedEntityLinks(docs) : [];
  const singleTypes = ANSWER_TYPES.filter((t) => types.includes(t));
  const bridges = bridgeCandidates({
    docs,
    links,
    // Asked for two-document questions only: their answers may be of any type.
    answerTypes: singleTypes.length > 0 ? singleTypes : ANSWER_TYPES,
    maxOverlap: MAX_SOURCE_OVERLAP,
  });
  counts.answers += bridges.length;
  // Each joins its answer document's list: the seeded order and coverage treat it as that document's question.
  for (const bridge of bridges) perDoc[bridge.docIndex].push(bridge);
  const ordered = seededOrder({ perDoc, seed });
  const unambiguous = disambiguateQuestions({ candidates: ordered, docs, maxOverlap: MAX_SOURCE_OVERLAP });
  const answerable = unambiguous.kept.filter((candidate, i) => {
    if (i % 50 === 0) options.onProgress?.({ stage: 'answerable', done: i, total: unambiguous.kept.length });
    return isAnswerableOffline({ candidate, doc: docs[candidate.docIndex] });
  });
  const unique = dropNearDuplicates(answerable);
  const tooFew = (possible: number): never => {
    throw new TuneRagError(
      'cli',
      `${optionRef(options.option ?? 'questions')} ${n}: only ${possible} question${possible === 1 ? '' : 's'} can be generated from these ${docs.length} document${docs.length === 1 ? '' : 's'} (${counts.informative} informative sentences, ${ordered.length} candidates before filtering)`,
      {
        hint:
          possible > 0
            ? `Ask for at most ${possible}, or add documents.`
            : 'Add documents with facts a question can ask about (numbers, dates, versions, names, code values).',
      },
    );
  };
  // No early exit when unique.length < n: only the probes tell how many are possible, which the error must say.
  const probes = probeConfigurations(options.baseline);
  const discriminative = await discriminativeFilter({
    candidates: unique,
    docs,
    probes,
    components: options.components,
    cache: options.cache,
    onProbe: (done, total) => options.onProgress?.({ stage: 'probing', done, total }),
    done: options.journal?.done,
    onProbeDone: options.journal?.record,
  });
  options.journal?.allUnitsDone();
  const { kept, allAnswered } = discriminative;
  const possible = kept.length + allAnswered.length;
  if (possible < n) tooFew(possible);
  // Separating questions first; when the corpus has too few, the rest are questions every probe
  // answers (they still reward exact answers and retrieval that finds the document, but say
  // nothing between the probes), rather than refusing a set the corpus can fill.
  const fromKept = selectTypeMix({ candidates: kept, n: Math.min(n, kept.length) });
  const fill = selectTypeMix({ candidates: allAnswered, n: n - fromKept.length });
  const picked = [...fromKept, ...fill];
  const droppedAllAnswered = allAnswered.length - fill.length;
  const items = picked.map((candidate, i) =>
    toQaItem({
      candidate,
      id: `gen-${String(i + 1).padStart(4, '0')}`,
      provenance: provenanceOf({ candidate, seed, filters: FILTER_NAMES }),
    }),
  );
  const typeCounts: Record<string, number> = {};
  for (const c of picked) typeCounts[c.type] = (typeCounts[c.type] ?? 0) + 1;
  const report: GenerationReport = {
    key: generationKey({ docs, n, seed, types }),
    generator: OFFLINE_GENERATOR,
    version: OFFLINE_GENERATOR_VERSION,
    seed,
    requested: n,
    types: [...types],
    documents: docs.length,
    sentences: counts.sentences,
    informative_sentences: counts.informative,
    candidates: counts.answers,
    filters: [
      {
        name: 'written',
        dropped: counts.tooFewTerms + counts.cutPhrase + counts.answerInQuestion + counts.listMember,
        reason: `no question within the overlap bound ${MAX_SOURCE_OVERLAP} with enough terms (${counts.tooFewTerms}) or ending on a whole phrase (${counts.cutPhrase}), the answer left in the question (${counts.answerInQuestion}), or a code value listed beside others (${counts.listMember})`,
      },
      {
        name: 'unambiguous',
        dropped: unambiguous.dropped,
        reason: `a sentence of another document matches the question as well as its own and gives another answer, and its document's title could not tell them apart within the overlap bound (${unambiguous.qualified} more were qualified with their document's title)`,
      },
      {
        name: 'answerable',
        dropped: unambiguous.kept.length - answerable.length,
        reason: 'the extractive answerer did not find the answer span in the source document',
      },
      {
        name: 'unique',
        dropped: answerable.length - unique.length,
        reason: 'near-duplicate of an earlier question (same answer in the same document, or term overlap ≥ 0.7)',
      },
      {
        name: 'discriminative',
        dropped: droppedAllAnswered + discriminative.droppedNoneAnswered,
        reason: `answered by all ${probes.length} probe configurations and not needed (${droppedAllAnswered}; ${fill.length} used to fill), or by none (${discriminative.droppedNoneAnswered})`,
      },
      {
        name: 'coverage',
        dropped: kept.length - fromKept.length,
        reason: `beyond the ${n} requested, picked round-robin over documents (two-document questions: ${Math.round(TWO_DOCUMENT_SHARE * 100)}% when enough are kept)`,
      },
    ],
    possible,
    written: items.length,
    documents_covered: new Set(picked.flatMap((c) => (c.partner ? [c.docId, c.partner.docId] : [c.docId]))).size,
    related_pairs: links.length,
    type_counts: typeCounts,
  };
  return { items, report };
}

/** Documents in a seeded order, each document's candidates shuffled by the same generator. */
function seededOrder(options: { perDoc: CandidateQuestion[][]; seed: number }): CandidateQuestion[] {
  const random = mulberry32(options.seed);
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  };
  const docs = shuffle(options.perDoc.map((list) => list));
  // Round-robin over documents so the near-duplicate pass keeps first questions of every document before second ones.
  const lists = docs.map((list) => shuffle([...list]));
  const out: CandidateQuestion[] = [];
  for (let round = 0; lists.some((l) => round < l.length); round++)
    for (const list of lists) if (round < list.length) out.push(list[round]);
  return out;
}
