import type { CorpusDoc, QaItem } from '../../data/dataset-schema.js';
import { computeFingerprint } from '../../data/fingerprint.js';
import type { GenerationReport } from '../../data/generation-report.js';
import { TuneRagError, optionRef } from '../../errors.js';
import { shuffleQuestions } from '../../data/sample-questions.js';
import type { LlmClient } from '../../llm/llm-client.js';
import { stableHash } from '../../json/canonical-json.js';
import { selectWithCoverage } from '../coverage-selection.js';
import { dropNearDuplicates } from '../near-duplicates.js';
import { LLM_PROMPT_VERSION } from './llm-prompts.js';
import type { LlmQuestionType } from './llm-question-reply.js';
import { generateLlmCandidates, type LlmCandidate } from './llm-question-generator.js';

/** Most items asked of one document in one request: longer lists get repetitive. */
const MAX_PER_DOC = 8;

/**
 * The LLM generator end to end: documents in a seeded order, about 2n/documents items asked of
 * each (1..8), every item checked against the text (see generateLlmCandidates), near-duplicates
 * removed, and `n` picked round-robin over documents. Requests go through the client's request
 * cache, so a rerun with the same settings spends nothing. Each line records `llm:<model>`, the
 * prompt version, the seed, the evidence and answer offsets and the filters it passed.
 */
export async function generateLlmQaSet(options: {
  client: LlmClient;
  docs: readonly CorpusDoc[];
  n: number;
  seed: number;
  types: readonly LlmQuestionType[];
  /** The caller's option that set n, named in the too-few error (default `questions`). */
  option?: string;
}): Promise<{ items: QaItem[]; report: GenerationReport }> {
  const { client, docs, n, seed, types } = options;
  const generator = `llm:${client.endpoint.spec}`;
  // shuffleQuestions permutes any {id} list; documents have ids.
  const ordered = shuffleQuestions({ questions: docs.map((d) => ({ ...d, question: d.id, answers: [] })), seed }).map(
    (d) => docs.find((x) => x.id === d.id)!,
  );
  const perDoc = Math.min(MAX_PER_DOC, Math.max(1, Math.ceil((2 * n) / docs.length)));
  const { candidates, rejected } = await generateLlmCandidates({ client, docs: ordered, perDoc, types });
  const unique = dropNearDuplicates(candidates);
  if (unique.length < n) {
    throw new TuneRagError(
      'cli',
      `${optionRef(options.option ?? 'questions')} ${n}: only ${unique.length} questions passed the checks from these ${docs.length} documents`,
      { hint: `Ask for at most ${unique.length}, or add documents.` },
    );
  }
  const picked = selectWithCoverage({ candidates: unique, n });
  const filters = ['evidence-in-text', 'answer-in-evidence', 'closed-book', 'unique', 'coverage'];
  const items = picked.map((c, i) =>
    toItem({ candidate: c, id: `gen-${String(i + 1).padStart(4, '0')}`, generator, seed, filters }),
  );
  const typeCounts: Record<string, number> = {};
  for (const c of picked) typeCounts[c.type] = (typeCounts[c.type] ?? 0) + 1;
  const requestedItems = perDoc * docs.length;
  return {
    items,
    report: {
      key: stableHash({
        docs: computeFingerprint({ docs, questions: [] }),
        n,
        seed,
        types: [...types].sort(),
        generator,
        version: LLM_PROMPT_VERSION,
      }),
      generator,
      version: LLM_PROMPT_VERSION,
      seed,
      requested: n,
      types: [...types],
      documents: docs.length,
      candidates: requestedItems,
      filters: [
        {
          name: 'malformed',
          dropped: rejected.malformed,
          reason: 'documents whose reply did not match the schema after one repair round',
        },
        {
          name: 'evidence-in-text',
          dropped: rejected.spanNotInText,
          reason: 'the evidence quote is not in the document',
        },
        {
          name: 'answer-in-evidence',
          dropped: rejected.answerNotInEvidence + rejected.answerInQuestion,
          reason: `answer not inside its evidence (${rejected.answerNotInEvidence}) or inside the question (${rejected.answerInQuestion})`,
        },
        { name: 'closed-book', dropped: rejected.closedBook, reason: 'the LLM answered it without the document' },
        { name: 'unique', dropped: candidates.length - unique.length, reason: 'near-duplicate of an earlier question' },
        {
          name: 'coverage',
          dropped: unique.length - picked.length,
          reason: `beyond the ${n} requested, picked round-robin over documents`,
        },
      ],
      possible: unique.length,
      written: items.length,
      documents_covered: new Set(picked.map((c) => c.docId)).size,
      type_counts: typeCounts,
    },
  };
}

function toItem(options: {
  candidate: LlmCandidate;
  id: string;
  generator: string;
  seed: number;
  filters: string[];
}): QaItem {
  const { candidate: c, id, generator, seed, filters } = options;
  const answerable = c.type !== 'unanswerable';
  return {
    id,
    question: c.question,
    answers: answerable ? [c.answer] : [],
    ...(answerable
      ? { gold_doc_ids: [c.docId], answer_spans: [{ doc_id: c.docId, start: c.answerStart, end: c.answerEnd }] }
      : {}),
    type: c.type,
    provenance: {
      generator,
      version: LLM_PROMPT_VERSION,
      seed,
      type: c.type,
      source: {
        doc_id: c.docId,
        sentence: { start: c.evidenceStart, end: c.evidenceEnd },
        answer: { start: c.answerStart, end: c.answerEnd },
      },
      filters: answerable ? filters : ['unique', 'coverage'],
    },
  };
}
