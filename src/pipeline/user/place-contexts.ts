import type { Chunk } from '../../chunking/chunk.js';
import type { CorpusDoc, Dataset, QaItem } from '../../data/dataset-schema.js';
import { containsNormalized } from '../../metrics/answer-containment.js';
import { lightNormalize } from '../../metrics/light-normalize.js';
import type { ReturnedContext } from './user-pipeline-output.js';

/**
 * Turns a user pipeline's returned contexts into chunks of the dataset's corpus, so the existing
 * retrieval metrics judge them like the built-in pipeline's chunks (by document, span and text):
 *
 * 1. The document: the first of the context's ids that names a corpus document. Without one, the
 *    context's text is looked up verbatim in the corpus (the question's gold documents first).
 * 2. The offsets: where the text occurs in that document. When it does not occur verbatim (the
 *    pipeline rewrote or joined passages), a gold span of the question whose text the context
 *    contains (normalised, on token boundaries) places it on that span.
 * 3. Otherwise the context stays unplaced (no document, empty range): only containment of a
 *    searchable reference answer can make it relevant, as for a dataset without gold.
 *
 * One placer per dataset; `place` is called once per question when a run is scored.
 */
export class ContextPlacer {
  private readonly docs: Map<string, CorpusDoc>;

  constructor(private readonly dataset: Dataset) {
    this.docs = new Map(dataset.docs.map((doc) => [doc.id, doc]));
  }

  /** The question's contexts as chunks, in rank order, numbered from `firstIndex`. */
  place(options: { item: QaItem; contexts: readonly ReturnedContext[]; firstIndex: number }): Chunk[] {
    return options.contexts.map((context, i) => ({
      index: options.firstIndex + i,
      ...this.locate(context, options.item),
      text: context.text,
    }));
  }

  private locate(context: ReturnedContext, item: QaItem): { docId: string; start: number; end: number } {
    const named = context.docIds.map((id) => this.docs.get(id)).find((doc) => doc !== undefined);
    const candidates = named ? [named] : this.searchOrder(item);
    const text = context.text.trim();
    if (text !== '') {
      for (const doc of candidates) {
        const start = doc.text.indexOf(text);
        if (start >= 0) return { docId: doc.id, start, end: start + text.length };
      }
    }
    const span = this.containedSpan(context.text, item, named?.id);
    if (span) return span;
    return { docId: named?.id ?? '', start: 0, end: 0 };
  }

  /** The question's gold documents first, then the rest of the corpus in its order. */
  private searchOrder(item: QaItem): CorpusDoc[] {
    const gold = [...new Set([...(item.answer_spans ?? []).map((s) => s.doc_id), ...(item.gold_doc_ids ?? [])])]
      .map((id) => this.docs.get(id))
      .filter((doc): doc is CorpusDoc => doc !== undefined);
    return [...gold, ...this.dataset.docs.filter((doc) => !gold.includes(doc))];
  }

  /** The first gold span (of `docId` when given) whose text the context contains. */
  private containedSpan(
    text: string,
    item: QaItem,
    docId: string | undefined,
  ): { docId: string; start: number; end: number } | undefined {
    const haystack = lightNormalize(text);
    for (const span of item.answer_spans ?? []) {
      if (docId !== undefined && span.doc_id !== docId) continue;
      const doc = this.docs.get(span.doc_id);
      if (!doc) continue;
      if (containsNormalized({ haystack, needle: lightNormalize(doc.text.slice(span.start, span.end)) }))
        return { docId: span.doc_id, start: span.start, end: span.end };
    }
    return undefined;
  }
}
