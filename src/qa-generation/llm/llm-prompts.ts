import type { ChatMessage } from '../../llm/chat-types.js';
import { DATA_FENCE_INSTRUCTION, fenceData } from '../../llm/fence-data.js';

/** Bump when a prompt changes: it is recorded in every generated line's provenance. */
export const LLM_PROMPT_VERSION = 'qa-gen-1';

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
        DATA_FENCE_INSTRUCTION,
      ].join('\n'),
    },
    {
      role: 'user',
      content: `Write ${options.count} items of types ${options.types.join(', ')}.\n${fenceData({ kind: 'document', text: `${options.title ? `${options.title}\n\n` : ''}${options.text}` })}`,
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
