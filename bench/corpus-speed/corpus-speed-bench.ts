import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../src/data/load-dataset.js';
import { resolveDataset } from '../../src/data/resolve-dataset.js';
import { encodeEmbeddings } from '../../src/pipeline/embedding-codec.js';
import { buildBm25InParallel, chunkCorpusInParallel } from '../../src/pipeline/parallel/parallel-corpus.js';
import { chunkText } from '../../src/pipeline/stages/embed-stage.js';
import { hashedWordsEmbedder } from '../../src/providers/local/hashed-words-embedder.js';
import { writePaddedSquad } from './padded-squad.js';

interface Row {
  docs: number;
  threads: number;
  chunks: number;
  chunkS: number;
  chunkCpuS: number;
  bm25S: number;
  bm25CpuS: number;
}

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; wallS: number; cpuS: number }> {
  const wall = performance.now();
  const cpu = cpuSeconds();
  const value = await work();
  return { value, wallS: (performance.now() - wall) / 1000, cpuS: cpuSeconds() - cpu };
}

/**
 * Corpus work at scale: a native dataset folder (e.g. SQuAD v1.1 dev) padded with distractors recombined from its own sentences
 * (seeded) to each size; recursive 256-token chunks (overlap 0.15) and the BM25 index, in-thread
 * (threads 1) and on the worker pool (threads 2, every size forced onto workers), wall and CPU
 * seconds (CPU counts every thread); then the hash-words vectors' cache bytes, format 1 (dense
 * float32) against format 2 (sparse), at the first size. Peak RSS is the process's.
 */
export async function runCorpusSpeedBench(options: { dataset: string; sizes: number[] }): Promise<Row[]> {
  const source = resolveDataset({ spec: options.dataset, cwd: process.cwd() }).path;
  const rows: Row[] = [];
  const folder = mkdtempSync(join(tmpdir(), 'corpus-speed-'));
  try {
    for (const [i, size] of options.sizes.entries()) {
      const out = join(folder, `squad-${size}`);
      writePaddedSquad({ source, out, docs: size, seed: 7 });
      const { docs } = await loadDataset({ spec: out, cwd: folder });
      let texts: string[] = [];
      for (const threads of [1, 2]) {
        const parallel = { threads, minChars: 0 };
        const chunked = await timed(() =>
          chunkCorpusInParallel({ docs, strategy: 'recursive', size: 256, overlap: 0.15, parallel }),
        );
        texts = chunked.value.chunks.map(chunkText);
        const bm25 = await timed(() => buildBm25InParallel({ texts, parallel }));
        rows.push({
          docs: size,
          threads,
          chunks: texts.length,
          chunkS: chunked.wallS,
          chunkCpuS: chunked.cpuS,
          bm25S: bm25.wallS,
          bm25CpuS: bm25.cpuS,
        });
        console.log(JSON.stringify(rows[rows.length - 1]));
      }
      if (i === 0) {
        const embedder = await hashedWordsEmbedder.create({ corpus: texts });
        const { vectors } = await embedder.embed(texts, 'document');
        const state = embedder.state();
        const dense = 12 + Math.ceil((state?.byteLength ?? 0) / 4) * 4 + vectors.length * embedder.dimensions * 4;
        const sparse = encodeEmbeddings({ vectors, dimensions: embedder.dimensions, state }).length;
        console.log(
          `hash-words vectors of ${texts.length} chunks: format 1 ${(dense / 1e6).toFixed(1)} MB, format 2 ${(sparse / 1e6).toFixed(1)} MB (${(dense / sparse).toFixed(1)}x smaller)`,
        );
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  return rows;
}
