import { LangchainComponent, type LangchainComponentOptions } from './component-identity.js';
import type { BaseDocumentCompressor } from '@langchain/core/retrievers/document_compressors';
import type { CallTiming } from '../../accounting/call-timing.js';
import { ZERO_USAGE, type Usage } from '../../accounting/usage.js';
import type { ComponentCalls } from '../../llm/component-calls.js';
import type { RerankCandidate, Reranker } from '../reranker.js';
import { requireChunkIndex } from './chunk-documents.js';
import { PerSettings, type BySettings, type ComponentSettings } from './component-settings.js';
import { Document } from '@langchain/core/documents';

/** A LangChain.js document compressor registered as reranker `name`. */
export interface LangchainRerankerOptions extends LangchainComponentOptions {
  compressor: BySettings<BaseDocumentCompressor>;
}

/**
 * A BaseDocumentCompressor as a reranker: it gets the candidates as Documents (chunk index in the
 * metadata) and its returned order is the new ranking, scored by `relevanceScore` metadata where
 * the compressor sets one (Cohere, cross-encoders), else by rank. Candidates it drops are dropped,
 * as a compressor intends. The call goes through ComponentCalls; a failure throws its LlmError, so
 * the rerank stage falls back to the first-stage order and counts it.
 */
export class LangchainReranker extends LangchainComponent implements Reranker {
  readonly #compressors: PerSettings<BaseDocumentCompressor>;
  readonly #calls: ComponentCalls;

  constructor(options: LangchainRerankerOptions) {
    super(options, 'reranker');
    this.#compressors = new PerSettings(options.compressor);
    this.#calls = options.calls;
  }

  async rerank(options: {
    question: string;
    candidates: RerankCandidate[];
    params: Record<string, unknown>;
  }): Promise<{ ranked: { chunkIndex: number; score: number }[]; usage: Usage; timing: CallTiming }> {
    const compressor = await this.#compressors.get((options.params.settings ?? {}) as ComponentSettings);
    const documents = options.candidates.map(
      (c) => new Document({ pageContent: c.text, metadata: { chunkIndex: c.chunkIndex, title: c.title } }),
    );
    const reply = await this.#calls.run({
      component: this.name,
      attempt: async () => ({
        result: await compressor.compressDocuments(documents, options.question),
        usage: ZERO_USAGE,
      }),
    });
    if (!reply.ok) throw reply.error;
    const byText = new Map<string, number>();
    for (const c of options.candidates) if (!byText.has(c.text)) byText.set(c.text, c.chunkIndex);
    const known = new Set(options.candidates.map((c) => c.chunkIndex));
    const seen = new Set<number>();
    const ranked: { chunkIndex: number; score: number }[] = [];
    reply.value.forEach((document, rank) => {
      const chunkIndex = requireChunkIndex(document, {
        component: this.name,
        byText,
        accepts: (index) => known.has(index),
        expected: 'one of the candidates',
      });
      if (seen.has(chunkIndex)) return;
      seen.add(chunkIndex);
      const relevance = (document.metadata as { relevanceScore?: unknown }).relevanceScore;
      ranked.push({ chunkIndex, score: typeof relevance === 'number' ? relevance : 1 / (rank + 1) });
    });
    return { ranked, usage: reply.usage, timing: reply };
  }
}
