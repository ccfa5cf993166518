import { statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CacheHealth } from '../../src/cache/cache-health.js';
import { isTuneRagError, type TuneRagError } from '../../src/errors.js';
import { SqliteRequestCache } from '../../src/llm/request-cache.js';
import { StageCache } from '../../src/pipeline/stage-cache.js';
import { cliText } from '../support/cli-text.js';
import { flagOf } from '../../src/cli/flag-names.js';
import {
  configOf,
  dataset,
  flipByte,
  hybrid,
  flipStageValue,
  hnswFile,
  runOnce,
  scores,
  tempDir,
} from './cache-fixture.js';

const all = dataset.questions.length;

describe('stage cache and index integrity', () => {
  it('a truncated HNSW index file is detected before hnswlib reads it, rebuilt, and counted', async () => {
    const clean = await runOnce({ dir: tempDir('faults-clean-') });
    const dir = tempDir('faults-trunc-');
    // Half the questions first: the other half must then search the index from its file.
    await runOnce({ dir, questions: all / 2 });
    const file = hnswFile(dir);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const damaged = await runOnce({ dir });
    expect(damaged.run.failures).toBe(0);
    expect(damaged.health).toMatchObject({ corrupt: 1, corrupt_by_kind: { stage: 1, request: 0 }, write_failures: 0 });
    expect(damaged.executions.index).toBe(1);
    expect(scores(damaged.run.metrics)).toEqual(scores(clean.run.metrics));
    // The rebuilt file is whole again: dense-only retrieval (new retrieval keys) loads it as is.
    const again = await runOnce({ dir, config: configOf({ ...hybrid, retrieval: 'dense' }) });
    expect(again.health.corrupt).toBe(0);
    expect(again.executions).toMatchObject({ index: 0, retrieve: all });
    expect(again.run.failures).toBe(0);
  });

  it.each([
    ['the entry-point id in the header (hnswlib used to segfault on it)', 53],
    ['a vector component in the graph data', 400],
  ])('a flipped byte in an index file (%s) is caught by the checksum and rebuilt', async (_what, offset) => {
    const clean = await runOnce({ dir: tempDir('faults-clean-') });
    const dir = tempDir('faults-flip-');
    await runOnce({ dir, questions: all / 2 });
    flipByte(hnswFile(dir), offset);
    const damaged = await runOnce({ dir });
    expect(damaged.run.failures).toBe(0);
    expect(damaged.health.corrupt).toBe(1);
    expect(damaged.executions.index).toBe(1);
    expect(scores(damaged.run.metrics)).toEqual(scores(clean.run.metrics));
  });

  it.each([
    ['a per-question answer', 'generate', all, { generate: 1, retrieve: 0, embed: 0 }],
    ['a retrieval result', 'retrieve', all, { generate: 0, retrieve: 1, embed: 0 }],
    // Read only when new questions need the index: its vectors are re-embedded, the index file is still good.
    ['the embedding vectors', 'embed', all / 2, { embed: 1, index: 0, retrieve: all / 2, generate: all / 2 }],
  ] as const)(
    'a flipped byte in %s is a miss: removed, recomputed, counted, same scores',
    async (_what, stage, first, expected) => {
      const dir = tempDir('faults-value-');
      const clean = await runOnce({ dir: tempDir('faults-clean-') });
      await runOnce({ dir, questions: first });
      flipStageValue(dir, stage, 20);
      const damaged = await runOnce({ dir });
      expect(damaged.run.failures).toBe(0);
      expect(damaged.health).toMatchObject({ corrupt: 1, corrupt_by_kind: { stage: 1, request: 0 } });
      expect(damaged.executions).toMatchObject(expected);
      expect(scores(damaged.run.metrics)).toEqual(scores(clean.run.metrics));
      // Recomputed and stored again: a third run is fully warm and clean.
      const third = await runOnce({ dir });
      expect(third.health.corrupt).toBe(0);
      expect(Object.values(third.executions).every((n) => n === 0)).toBe(true);
    },
  );
});

describe('a full cache disk', () => {
  it('fails no question: every value is used, each failed write is counted, the warning is shown once', async () => {
    const clean = await runOnce({ dir: tempDir('faults-clean-') });
    const warnings: string[] = [];
    const health = new CacheHealth({ onWarning: (line) => warnings.push(line), spell: flagOf });
    const dir = tempDir('faults-full-');
    // No page may be added to stages.db: SQLite answers every write with SQLITE_FULL, as on a full disk.
    const full = await runOnce({ dir, health, maxDatabaseBytes: 1 });
    expect(full.run.failures).toBe(0);
    expect(scores(full.run.metrics)).toEqual(scores(clean.run.metrics));
    // 20 writes: chunk set, vectors, dense-index record, BM25 index, 8 retrievals, 8 answers. The
    // chunk set (272 bytes: offsets, not texts), the two index records and the first retrieval fit
    // in the table's one existing page; the vectors (6 buckets per term since hash-words 3) do
    // not: 16 failed.
    expect(full.executions).toEqual({ chunk: 1, embed: 1, index: 2, retrieve: all, rerank: 0, generate: all });
    expect(full.health.write_failures).toBe(16);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`cache write failed in ${dir}: no space left to write ${dir}/stages.db (needed `);
    expect(warnings[0]).toContain('--cache-dir');
    expect(full.health.warning).toBe(warnings[0]);
    // What failed was not cached, so the next run (with room) computes exactly that and stores it.
    const next = await runOnce({ dir });
    expect(next.executions).toEqual({ chunk: 0, embed: 1, index: 0, retrieve: all - 1, rerank: 0, generate: all });
    expect(next.health.write_failures).toBe(0);
  });
});

describe('a damaged cache database file', () => {
  it.each([
    ['stage cache', (dir: string) => new StageCache({ dir }), 'stages.db'],
    ['request cache', (dir: string) => new SqliteRequestCache({ file: join(dir, 'llm-cache.db') }), 'llm-cache.db'],
  ] as const)('the %s says which file is damaged and that deleting it is safe', (_what, open, name) => {
    const dir = tempDir('faults-notadb-');
    writeFileSync(join(dir, name), 'this is not an SQLite database, just text long enough to have a header');
    const error = (() => {
      try {
        open(dir);
      } catch (e) {
        return e as TuneRagError;
      }
      throw new Error('expected the open to fail');
    })();
    expect(isTuneRagError(error)).toBe(true);
    expect(error.message).toBe(`the cache database ${join(dir, name)} is damaged: file is not a database`);
    expect(cliText(error).hint).toBe(
      `It only holds cached results: delete it (rm ${join(dir, name)}*) and run again, or point --cache-dir somewhere else.`,
    );
  });
});
