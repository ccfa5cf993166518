import { describe, expect, it } from 'vitest';
import { chunkCorpus } from '../../../src/chunking/chunk-document.js';
import type { CorpusDoc } from '../../../src/data/dataset-schema.js';
import {
  buildBm25InParallel,
  chunkCorpusInParallel,
  embedSparseInParallel,
} from '../../../src/pipeline/parallel/parallel-corpus.js';
import { charNgramEmbedder } from '../../../src/providers/local/char-ngram-embedder.js';
import { hashedWordsEmbedder } from '../../../src/providers/local/hashed-words-embedder.js';
import { corpusWorkerScript } from '../../../src/pipeline/parallel/worker-script.js';
import { Bm25Index } from '../../../src/retrieval/bm25-index.js';
import { countTokens } from '../../../src/text/token-counter.js';
import { MARKDOWN_DOC, prose } from '../../chunking/fixtures.js';

/** 40 documents of uneven length (1 to 8 paragraphs), some titled, one markdown. */
const DOCS: CorpusDoc[] = [
  MARKDOWN_DOC,
  ...Array.from({ length: 39 }, (_, i) => ({
    id: `doc-${i}`,
    ...(i % 3 === 0 ? { title: `Title ${i}` } : {}),
    text: prose(1 + (i % 8), 2 + (i % 5), i + 3),
  })),
];

// Every document is its own worker task at this size; minChars 0 forces the worker path.
const ON_WORKERS = { threads: 2, minChars: 0 };

describe('corpus work on worker threads', () => {
  it('has a worker build to run (npm run build), so the worker path below is really taken', () => {
    expect(corpusWorkerScript()).toMatch(/dist\/src\/pipeline\/parallel\/corpus-worker\.js$/);
  });

  // One strategy on workers (recursive: the one with a splitter library and offset recovery);
  // the others share chunkSpans, which tests/chunking checks against chunkDocument's rules.
  it('chunks exactly as in-thread chunkCorpus, byte for byte', async () => {
    const options = { strategy: 'recursive' as const, size: 48, overlap: 0.2 };
    const serial = await chunkCorpus({ docs: DOCS, ...options });
    const parallel = await chunkCorpusInParallel({ docs: DOCS, ...options, parallel: ON_WORKERS });
    const inThread = await chunkCorpusInParallel({ docs: DOCS, ...options, parallel: { threads: 1 } });
    const expected = { chunks: serial, tokenCounts: serial.map((c) => countTokens(c.text)) };
    expect(serial.length).toBeGreaterThan(DOCS.length);
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(expected));
    expect(JSON.stringify(inThread)).toBe(JSON.stringify(expected));
  });

  it('builds the BM25 index of Bm25Index.build, byte for byte, and it ranks the same', async () => {
    const texts = DOCS.map((doc) => doc.text);
    const serial = Bm25Index.build({ texts });
    const parallel = await buildBm25InParallel({ texts, parallel: ON_WORKERS });
    expect(Buffer.from(parallel.serialize()).equals(Buffer.from(serial.serialize()))).toBe(true);
    expect(parallel.search('chunk size recall precision', 5)).toEqual(serial.search('chunk size recall precision', 5));
  });

  it.each([hashedWordsEmbedder, charNgramEmbedder])(
    'embeds with $name restored from its state in each worker: the vectors of the fitted embedder, bit for bit',
    async (factory) => {
      const texts = DOCS.map((doc) => doc.text);
      const fitted = await factory.create({ corpus: texts });
      const expected = (await fitted.embed(texts, 'document')).vectors;
      const state = fitted.state()!;
      for (const parallel of [ON_WORKERS, { threads: 1 }]) {
        const rows = await embedSparseInParallel({ texts, embedder: factory.name, state, parallel });
        expect(rows.count).toBe(texts.length);
        for (let i = 0; i < texts.length; i++)
          expect(Buffer.from(rows.row(i).buffer).equals(Buffer.from(expected[i].buffer))).toBe(true);
      }
    },
  );

  it('refuses an embedder a worker cannot rebuild, naming it', async () => {
    await expect(
      embedSparseInParallel({
        texts: ['a b'],
        embedder: 'my-embedder',
        state: new Uint8Array(0),
        parallel: ON_WORKERS,
      }),
    ).rejects.toThrow('embed task: "my-embedder" is not a built-in local embedder');
  });

  it('fails before starting threads for a bad chunking, naming the strategy', async () => {
    await expect(
      chunkCorpusInParallel({ docs: DOCS, strategy: 'words' as 'sentence', size: 48, parallel: ON_WORKERS }),
    ).rejects.toThrow('Unknown chunking strategy "words".');
  });
});
