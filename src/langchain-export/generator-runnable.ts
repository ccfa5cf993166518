import type { Document } from '@langchain/core/documents';
import { Runnable } from '@langchain/core/runnables';
import { ComponentRegistry } from '../providers/component-registry.js';
import type { Generator } from '../providers/generator.js';
import type { ChunkMetadata } from './chunk-document-view.js';

/** What {@link TuneRagGenerator} answers from: the question and the packed context, best first. */
export interface GeneratorInput {
  question: string;
  contexts: Document[];
}

/**
 * One of tune-rag's offline generators (extractive-sentence, extractive-span) as a LangChain
 * Runnable `{question, contexts} → answer`, given the context exactly as tune-rag's generate
 * stage gives it (the packed chunk texts with their document id and title).
 */
export class TuneRagGenerator extends Runnable<GeneratorInput, string> {
  lc_namespace = ['tune-rag', 'generators'];
  private readonly generator: Generator;

  constructor(options: { generator: string; components?: ComponentRegistry }) {
    super();
    this.generator = (options.components ?? new ComponentRegistry()).generator(options.generator);
  }

  async invoke(input: GeneratorInput): Promise<string> {
    const contexts = input.contexts.map((d) => {
      const m = d.metadata as ChunkMetadata;
      return { text: d.pageContent, docId: m.docId, ...(m.title !== undefined ? { title: m.title } : {}) };
    });
    const { answer } = await this.generator.generate({ question: input.question, contexts, params: {} });
    return answer;
  }
}
