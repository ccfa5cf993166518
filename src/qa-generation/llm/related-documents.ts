import type { CorpusDoc } from '../../data/dataset-schema.js';
import { Bm25Index } from '../../retrieval/bm25-index.js';

/** A pair of related documents a two-document question is asked about, `first` before `second` in the given order. */
export interface DocumentPair {
  first: CorpusDoc;
  second: CorpusDoc;
}

/**
 * Pairs each document with the other document BM25 ranks highest for it (its title and text as
 * the query, over the same index the retrieval stage builds), so a two-document question is
 * asked about documents that share what it talks about. A pair found from both ends is kept
 * once; a document sharing no term with any other gets no pair. In the documents' order, so a
 * seeded document order gives a seeded pair order.
 */
export function relatedDocumentPairs(docs: readonly CorpusDoc[]): DocumentPair[] {
  const texts = docs.map(documentText);
  const index = Bm25Index.build({ texts });
  const seen = new Set<string>();
  const pairs: DocumentPair[] = [];
  docs.forEach((doc, i) => {
    const partner = index.search(texts[i], 2).find((hit) => hit.chunkIndex !== i);
    if (partner === undefined) return;
    const key = [doc.id, docs[partner.chunkIndex].id].sort().join('\u0000');
    if (seen.has(key)) return;
    seen.add(key);
    pairs.push({ first: doc, second: docs[partner.chunkIndex] });
  });
  return pairs;
}

function documentText(doc: CorpusDoc): string {
  return doc.title ? `${doc.title}\n${doc.text}` : doc.text;
}
