import { BM25Retriever } from '@langchain/community/retrievers/bm25';
import { describe, expect, it } from 'vitest';
import { createComponents, runConfiguration } from '../../src/index.js';
import { useTempDirs } from '../support/temp-dirs.js';
import { tinyDataset } from '../support/tiny-dataset.js';

/** How long the registered retriever takes to build: what index_build_ms must account for. */
const BUILD_MS = 120;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Two LangChain BM25 retrievers, alike but for a sleep in the slow one's build. */
function registeredRetrievers(builds: { count: number }) {
  const retriever = (name: string, sleepMs: number) => ({
    name,
    create: async ({ documents }: { documents: Parameters<typeof BM25Retriever.fromDocuments>[0] }) => {
      builds.count += 1;
      await sleep(sleepMs);
      return BM25Retriever.fromDocuments(documents, { k: 5 });
    },
  });
  return createComponents({ langchain: { retrievers: [retriever('slow-bm25', BUILD_MS), retriever('fast-bm25', 0)] } });
}

describe('index build time of registered retrievers', () => {
  const tempDir = useTempDirs('tune-rag-registered-build-');

  it('counts in index_build_ms, cold and warm alike', async () => {
    const cacheDir = tempDir();
    const builds = { count: 0 };
    const run = (retrieval: string) =>
      runConfiguration({
        dataset: tinyDataset,
        config: { retrieval, top_k: 3 },
        components: registeredRetrievers(builds),
        cacheDir,
      });
    // Built-in BM25 first, so both registered runs replay the same recorded chunking cost and
    // differ only by their retriever's build.
    await run('bm25');
    const cold = await run('slow-bm25');
    expect(builds.count).toBe(1);
    expect(cold.failures).toBe(0);
    expect(cold.metrics.index_build_ms).toBeGreaterThanOrEqual(BUILD_MS);

    // A new process (fresh components, same cache): the retriever is rebuilt only when a question
    // is not cached; here every answer is, and its recorded build time is still reported.
    const warm = await run('slow-bm25');
    expect(builds.count).toBe(1);
    expect(warm.metrics.index_build_ms).toBe(cold.metrics.index_build_ms);

    const fast = await run('fast-bm25');
    expect(builds.count).toBe(2);
    // At least the sleep apart (half of it: the fast build's own time is not zero on a loaded machine);
    // without the registered build time both would be the same chunking cost.
    expect(cold.metrics.index_build_ms - fast.metrics.index_build_ms).toBeGreaterThanOrEqual(BUILD_MS / 2);
  });
});
