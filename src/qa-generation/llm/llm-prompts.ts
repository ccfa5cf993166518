import type { ChatMessage } from '../../llm/chat-types.js';
import { DATA_FENCE_INSTRUCTION, fenceData } from '../../llm/fence-data.js';

/** Bump when a prompt changes: it is recorded in every generated line's provenance. */
export const LLM_PROMPT_VERSION = 'qa-gen-3';

/** Asks for `count` typed questions about one document, each with a verbatim evidence quote. */
export function questionPrompt(options: {
  title?: string;
  text: string;
  count: number;
  types: readonly string[];
}): ChatMessage[] {
  return [
    {
      role: 'system',
      content: [
        'You write test questions for a retrieval system from one document. For each item give its type, the question, the shortest exact answer copied from the document, and evidence: a verbatim quote from the document (one or two sentences) that contains the answer.',
        'The question must not copy the evidence sentence and must not contain the answer. For type "unanswerable" write a plausible question the document does not answer, with answer "" and evidence "".',
        // The model sees one document; the collection may hold the same page for another version.
        'Other documents of the collection may describe other versions or products: a question must have one answer across the whole collection, so name what it asks about (the product, component or version) as the document does.',
        DATA_FENCE_INSTRUCTION,
      ].join('\n'),
    },
    {
      role: 'user',
      content: `Write ${options.count} items of types ${options.types.join(', ')}.\n${fenceData({ kind: 'document', text: `${options.title ? `${options.title}\n\n` : ''}${options.text}` })}`,
    },
  ];
}

/**
 * Asks for `count` questions that need both documents of a related pair, each with a verbatim
 * quote from each document, so both halves of the evidence can be checked at exact offsets.
 */
export function twoDocumentPrompt(options: {
  first: { title?: string; text: string };
  second: { title?: string; text: string };
  count: number;
}): ChatMessage[] {
  const doc = (d: { title?: string; text: string }, kind: string) =>
    fenceData({ kind, text: `${d.title ? `${d.title}\n\n` : ''}${d.text}` });
  return [
    {
      role: 'system',
      content: [
        'You write test questions for a retrieval system that can only be answered by combining two documents: a fact from one document is needed to find or interpret the answer in the other.',
        'For each item give the question, the shortest exact answer copied from one of the two documents, evidence_first: a verbatim quote from the first document (one or two sentences) and evidence_second: a verbatim quote from the second; the answer must be inside one of the two quotes.',
        'The question must not copy either quote and must not contain the answer.',
        DATA_FENCE_INSTRUCTION,
      ].join('\n'),
    },
    {
      role: 'user',
      content: `Write ${options.count} two-document items.\n${doc(options.first, 'first-document')}\n${doc(options.second, 'second-document')}`,
    },
  ];
}

/** The closed-book probe: the question alone, no document. */
export function closedBookPrompt(question: string): ChatMessage[] {
  return [
    {
      role: 'system',
      content: `Answer the question in a few words from what you know. If you do not know, reply "unknown". ${DATA_FENCE_INSTRUCTION}`,
    },
    { role: 'user', content: fenceData({ kind: 'question', text: question }) },
  ];
}
