import type { CorpusDoc, QaItem } from '../../data/dataset-schema.js';
import { computeFingerprint } from '../../data/fingerprint.js';
import type { GenerationReport } from '../../data/generation-report.js';
import { TuneRagError, optionRef } from '../../errors.js';
import { shuffleQuestions } from '../../data/sample-questions.js';
import type { LlmClient } from '../../llm/llm-client.js';
import { stableHash } from '../../json/canonical-json.js';
import { selectWithCoverage } from '../coverage-selection.js';
import type { JournalSettings } from '../generation-journal.js';
import { dropNearDuplicates } from '../near-duplicates.js';
import { generationUnits } from './generation-units.js';
import type { LlmCandidate, UnitResult } from './llm-candidate.js';
import { LLM_PROMPT_VERSION } from './llm-prompts.js';
import type { LlmQuestionType } from './llm-question-reply.js';
import { generateLlmCandidates } from './llm-question-generator.js';
import { llmQaItem } from './llm-qa-item.js';
import { disambiguateLlmItems } from './unambiguous-llm-items.js';

/** Most items asked of one document in one request: longer lists get repetitive. */
const MAX_PER_DOC = 8;

interface LlmGenerationInputs {
  client: LlmClient;
  docs: readonly CorpusDoc[];
  n: number;
  seed: number;
  types: readonly LlmQuestionType[];
}

/** The key of an LLM generation (equal keys give the same qa lines) and the settings it stands for. */
export function llmGenerationKey(options: LlmGenerationInputs): { key: string; settings: JournalSettings } {
  const settings: JournalSettings = {
    generator: `llm:${options.client.endpoint.spec}`,
    version: LLM_PROMPT_VERSION,
    documents: computeFingerprint({ docs: options.docs, questions: [] }),
    questions: options.n,
    seed: options.seed,
    types: [...options.types].sort(),
  };
  const { documents, questions, seed, types, generator, version } = settings;
  return { key: stableHash({ docs: documents, n: questions, seed, types, generator, version }), settings };
}

/**
 * The LLM generator end to end: documents in a seeded order, about 2n/documents items asked of
 * each (1..8), two-document items of related pairs, every item checked against the text (see
 * generateLlmCandidates), questions with another answer elsewhere in the corpus qualified with their
 * document's title or dropped (disambiguateLlmItems), near-duplicates removed, and `n` picked round-robin over documents.
 * Requests go through the client's request cache, and finished units through `onUnit` (the
 * resume journal), so a rerun or a resume asks nothing twice. Each line records `llm:<model>`,
 * the prompt version, the seed, the evidence and answer offsets and the filters it passed.
 */
export async function generateLlmQaSet(
  options: LlmGenerationInputs & {
    /** The caller's option that set n, named in the too-few error (default `questions`). */
    option?: string;
    done?: ReadonlyMap<string, UnitResult>;
    onUnit?: (id: string, result: UnitResult) => void;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<{ items: QaItem[]; report: GenerationReport }> {
  const { client, docs, n, seed, types } = options;
  const { key, settings } = llmGenerationKey(options);
  const generator = String(settings.generator);
  // shuffleQuestions permutes any {id} list; documents have ids.
  const ordered = shuffleQuestions({ questions: docs.map((d) => ({ ...d, question: d.id, answers: [] })), seed }).map(
    (d) => docs.find((x) => x.id === d.id)!,
  );
  const perDoc = Math.min(MAX_PER_DOC, Math.max(1, Math.ceil((2 * n) / docs.length)));
  const units = generationUnits({ docs: ordered, perDoc, types });
  const { candidates, rejected } = await generateLlmCandidates({
    client,
    units,
    done: options.done,
    onUnit: options.onUnit,
    onProgress: options.onProgress,
  });
  const unambiguous = disambiguateLlmItems({ candidates, docs });
  const unique = dropNearDuplicates(unambiguous.kept);
  if (unique.length < n) {
    throw new TuneRagError(
      'cli',
      `${optionRef(options.option ?? 'questions')} ${n}: only ${unique.length} questions passed the checks from these ${docs.length} documents`,
      { hint: `Ask for at most ${unique.length}, or add documents.` },
    );
  }
  const picked: LlmCandidate[] = selectWithCoverage({ candidates: unique, n });
  const filters = ['evidence-in-text', 'answer-in-evidence', 'closed-book', 'unambiguous', 'unique', 'coverage'];
  const items = picked.map((c, i) =>
    llmQaItem({ candidate: c, id: `gen-${String(i + 1).padStart(4, '0')}`, generator, seed, filters }),
  );
  const typeCounts: Record<string, number> = {};
  for (const c of picked) typeCounts[c.type] = (typeCounts[c.type] ?? 0) + 1;
  return {
    items,
    report: {
      key,
      generator,
      version: LLM_PROMPT_VERSION,
      seed,
      requested: n,
      types: [...types],
      documents: docs.length,
      // The items the model wrote (it may write more or fewer than asked), so the drops add up to them.
      candidates:
        candidates.length +
        rejected.spanNotInText +
        rejected.answerNotInEvidence +
        rejected.answerInQuestion +
        rejected.closedBook,
      filters: [
        {
          name: 'malformed',
          dropped: rejected.malformed,
          reason:
            'requests (a document or a pair) whose reply did not match the schema after one repair round, or that the model refused',
        },
        {
          name: 'evidence-in-text',
          dropped: rejected.spanNotInText,
          reason: 'an evidence quote is not in its document',
        },
        {
          name: 'answer-in-evidence',
          dropped: rejected.answerNotInEvidence + rejected.answerInQuestion,
          reason: `answer not inside its evidence (${rejected.answerNotInEvidence}) or inside the question (${rejected.answerInQuestion})`,
        },
        { name: 'closed-book', dropped: rejected.closedBook, reason: 'the LLM answered it without the documents' },
        {
          name: 'unambiguous',
          dropped: unambiguous.dropped,
          reason: `a sentence of another document matches the question as well as its own and gives another answer, and its document's title could not tell them apart (${unambiguous.qualified} more were qualified with their document's title; ${unambiguous.unjudged} kept unjudged, worded too far from their evidence for a lexical match to tell)`,
        },
        {
          name: 'unique',
          dropped: unambiguous.kept.length - unique.length,
          reason: 'near-duplicate of an earlier question',
        },
        {
          name: 'coverage',
          dropped: unique.length - picked.length,
          reason: `beyond the ${n} requested, picked round-robin over documents`,
        },
      ],
      possible: unique.length,
      written: items.length,
      documents_covered: new Set(picked.flatMap((c) => (c.partner ? [c.docId, c.partner.docId] : [c.docId]))).size,
      type_counts: typeCounts,
    },
  };
}
