import type { CorpusDoc } from '../../data/dataset-schema.js';
import { SINGLE_DOCUMENT_TYPES, type LlmQuestionType } from './llm-question-reply.js';
import { relatedDocumentPairs, type DocumentPair } from './related-documents.js';

/**
 * One request of the LLM generator: items of the single-document types about one document, or
 * two-document items about a related pair. `id` names it in the resume journal.
 */
export type GenerationUnit =
  | { id: string; kind: 'document'; doc: CorpusDoc; count: number; types: readonly LlmQuestionType[] }
  | { id: string; kind: 'pair'; pair: DocumentPair; count: number };

/**
 * The units of a generation, documents first (in the given, seeded, order) then the related
 * pairs when `two-document` is asked for. `perDoc` items are asked of each document; a pair gets
 * its share of them (perDoc over the number of types, at least one), so two-document questions
 * are about as frequent as each other type.
 */
export function generationUnits(options: {
  docs: readonly CorpusDoc[];
  perDoc: number;
  types: readonly LlmQuestionType[];
}): GenerationUnit[] {
  const { docs, perDoc, types } = options;
  const single = types.filter((t) => (SINGLE_DOCUMENT_TYPES as readonly string[]).includes(t));
  const units: GenerationUnit[] = [];
  if (single.length > 0)
    for (const doc of docs) units.push({ id: `doc:${doc.id}`, kind: 'document', doc, count: perDoc, types: single });
  if (types.includes('two-document')) {
    const count = Math.max(1, Math.round(perDoc / types.length));
    for (const pair of relatedDocumentPairs(docs))
      units.push({ id: `pair:${pair.first.id}+${pair.second.id}`, kind: 'pair', pair, count });
  }
  return units;
}
