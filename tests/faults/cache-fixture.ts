import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheHealth } from '../../src/cache/cache-health.js';
import { tinyDataset } from '../support/tiny-dataset.js';
import { PipelineRunner } from '../../src/pipeline/pipeline-runner.js';
import { STAGE_TABLE, StageCache } from '../../src/pipeline/stage-cache.js';
import { ComponentRegistry } from '../../src/providers/component-registry.js';
import { buildCatalogue } from '../../src/space/catalogue.js';
import { CATALOGUE_DEFAULTS } from '../../src/space/catalogue-defaults.js';
import type { Config } from '../../src/space/parameter-schema.js';
import { resolveConfig } from '../../src/space/validate-config.js';

/** A small corpus of 8 documents and 8 questions, each answered by one document. */
export const dataset = tinyDataset;

export const components = new ComponentRegistry();
const catalogue = buildCatalogue(components.names());
export const configOf = (values: Config) =>
  resolveConfig({ config: values, space: catalogue, defaults: CATALOGUE_DEFAULTS, source: 'test' }).config;
/** Dense + BM25 (hybrid), so one run writes every kind of corpus artifact. */
export const hybrid = configOf({
  'chunk.strategy': 'sentence',
  'chunk.size': 32,
  retrieval: 'hybrid',
  embedder: 'hash-words',
  fusion: 'rrf',
  top_k: 2,
  reranker: 'none',
  generator: 'extractive-span',
});

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** One run of `config` on `questions` (default: all) with a fresh runner over the cache in `dir`. */
export async function runOnce(options: {
  dir: string;
  config?: Config;
  questions?: number;
  health?: CacheHealth;
  maxDatabaseBytes?: number;
}) {
  const health = options.health ?? new CacheHealth();
  const cache = new StageCache({ dir: options.dir, health, maxDatabaseBytes: options.maxDatabaseBytes });
  try {
    // These faults are those of the HNSW file: a run this small would otherwise scan exactly.
    const runner = new PipelineRunner({ dataset, cache, components, denseSearch: 'hnsw' });
    const run = await runner.run({
      config: options.config ?? hybrid,
      questions: dataset.questions.slice(0, options.questions ?? dataset.questions.length),
    });
    return { run, executions: { ...runner.stats.executions }, health: health.report() };
  } finally {
    cache.close();
  }
}

/** Metrics without the timings (which a recomputation legitimately changes). */
export function scores(metrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).filter(([name]) => !/latency|_ms$|index_build/.test(name)));
}

export function hnswFile(dir: string): string {
  const files = readdirSync(join(dir, 'files')).filter((f) => f.endsWith('.hnsw'));
  if (files.length !== 1) throw new Error(`expected one index file, found ${files.join(', ')}`);
  return join(dir, 'files', files[0]);
}

/** XORs one byte of a file in place. */
export function flipByte(path: string, offset: number): void {
  const bytes = readFileSync(path);
  bytes[offset] ^= 0xff;
  writeFileSync(path, bytes);
}

/** XORs one byte of the stored value of the first entry of `stage` (by key order); returns its key. */
export function flipStageValue(dir: string, stage: string, offset: number): string {
  const db = new Database(join(dir, 'stages.db'));
  try {
    const row = db.prepare(`SELECT key, value FROM ${STAGE_TABLE} WHERE stage = ? ORDER BY key LIMIT 1`).get(stage) as {
      key: string;
      value: Buffer;
    };
    row.value[offset] ^= 0x01;
    db.prepare(`UPDATE ${STAGE_TABLE} SET value = ? WHERE stage = ? AND key = ?`).run(row.value, stage, row.key);
    return row.key;
  } finally {
    db.close();
  }
}
