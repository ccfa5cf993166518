import type { Document } from '@langchain/core/documents';
import { PromptTemplate } from '@langchain/core/prompts';
import { fenceData } from '../llm/fence-data.js';
import { extractAnswer, formatNumberedContexts } from '../providers/remote/openai-generator.js';
import type { ChunkMetadata } from './chunk-document-view.js';

export { extractAnswer };

/**
 * A tune-rag prompt template (prompts/generate/*.md, `{{context}}` and `{{question}}`) as a
 * LangChain PromptTemplate. Mustache format, which LangChain renders without HTML escaping, so
 * the text reaching the model is the one tune-rag's LLM generator sends.
 */
export function generationPrompt(text: string): PromptTemplate {
  return PromptTemplate.fromTemplate(text, { templateFormat: 'mustache' });
}

/**
 * The prompt's values as tune-rag's LLM generator builds them: the packed contexts as numbered
 * `[n] Title` passages and the question, each fenced as quoted data (see fenceData).
 */
export function generationPromptValues(input: { question: string; contexts: readonly Document[] }): {
  context: string;
  question: string;
} {
  const contexts = input.contexts.map((d) => {
    const m = d.metadata as ChunkMetadata;
    return { text: d.pageContent, docId: m.docId, ...(m.title !== undefined ? { title: m.title } : {}) };
  });
  return {
    context: fenceData({ kind: 'passages', text: formatNumberedContexts(contexts) }),
    question: fenceData({ kind: 'question', text: input.question }),
  };
}
