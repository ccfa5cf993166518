import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../src/space/parameter-schema.js';
import { forkRow } from './fork-row.js';
import type { RowRequest, SpeedRow } from './pipeline-speed-row.js';

export type { SpeedRow } from './pipeline-speed-row.js';

/** Retrieval setups measured (on top of the baseline with recursive 256-token chunks). */
const SETUPS: [string, Config][] = [
  ['bm25', { retrieval: 'bm25' }],
  ['dense hash-words', { retrieval: 'dense', embedder: 'hash-words' }],
  ['dense hash-chargrams', { retrieval: 'dense', embedder: 'hash-chargrams' }],
  ['dense lsa', { retrieval: 'dense', embedder: 'lsa' }],
  ['hybrid hash-words', { retrieval: 'hybrid', embedder: 'hash-words', fusion: 'rrf' }],
  ['hybrid lsa', { retrieval: 'hybrid', embedder: 'lsa', fusion: 'rrf' }],
];

/**
 * Above this size hash-chargrams is left out (building a 100k-vector HNSW index takes minutes per
 * embedder on one core). At ~106k chunks hash-words' 2048-dim embeddings are an 835 MiB value;
 * before commit 0267fe0 the stage cache failed to store it (a row that fails is reported as such).
 */
const LARGE_SIZE = 20_000;
const LARGE_SETUPS = ['bm25', 'dense hash-words', 'dense lsa', 'hybrid hash-words', 'hybrid lsa'];

/**
 * Whole-pipeline speed on a synthetic corpus (one ~150-token document per chunk at chunk.size
 * 256): chunking, embedding and indexing throughput from the stage cache's recorded costs, the
 * per-question retrieve latency of each retrieval mode, the wall time of a cold trial (everything
 * built) against a warm one (everything cached), and peak RSS. Each row runs in its own child
 * process, so its peak RSS is its own and nothing (JIT, module state, memo) carries over.
 */
export async function runPipelineSpeedBench(options: {
  sizes: number[];
  questions: number;
  json?: string;
  setups?: string[];
}): Promise<unknown> {
  const rows: SpeedRow[] = [];
  const failed: { size: number; label: string; error: string }[] = [];
  const started = performance.now();
  for (const size of options.sizes) {
    const wanted = options.setups ?? (size > LARGE_SIZE ? LARGE_SETUPS : SETUPS.map(([label]) => label));
    for (const [label, overrides] of SETUPS.filter(([label]) => wanted.includes(label))) {
      const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s so far`;
      try {
        const row = await measureInChild({ size, questions: options.questions, label, overrides });
        rows.push(row);
        console.error(
          `  [${row.chunks.toLocaleString('en')} chunks ${label}: cold ${(row.coldTrialMs / 1000).toFixed(1)} s; ${elapsed()}]`,
        );
      } catch (error) {
        const message =
          (error instanceof Error ? error.message : String(error))
            .split('\n')
            .find((l) => l.trim() && !l.startsWith('pipeline speed row'))
            ?.trim() ?? String(error);
        failed.push({ size, label, error: message });
        console.error(`  [${size.toLocaleString('en')} docs ${label}: FAILED ${message}; ${elapsed()}]`);
      }
    }
  }
  console.log(formatTable(rows, options.questions));
  for (const f of failed) console.log(`  FAILED at ${f.size.toLocaleString('en')} docs, ${f.label}: ${f.error}`);
  if (options.json) {
    mkdirSync(dirname(options.json), { recursive: true });
    writeFileSync(
      options.json,
      JSON.stringify({ section: 'pipeline', questions: options.questions, rows, failed }, null, 2),
    );
    console.log(`wrote ${options.json}`);
  }
  return rows;
}

function measureInChild(request: RowRequest): Promise<SpeedRow> {
  return forkRow({
    entry: fileURLToPath(new URL('./pipeline-speed-row.js', import.meta.url)),
    flag: '--pipeline-speed-row',
    request,
    what: `pipeline speed row ${request.label} at ${request.size}`,
  });
}

function formatTable(rows: SpeedRow[], questions: number): string {
  const header = [
    'chunks',
    'setup',
    'chunk/s',
    'embed/s',
    'index/s',
    'retr p50',
    'retr p95',
    'cold trial',
    'warm trial',
    'cold/warm',
    'peak RSS',
  ];
  const widths = [8, 21, 9, 9, 10, 10, 10, 11, 11, 10, 10];
  const line = (cells: string[]) =>
    '  ' + cells.map((c, i) => (i === 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' ');
  const perSecond = (row: SpeedRow, ms: number) =>
    ms > 0 ? Math.round((row.chunks / ms) * 1000).toLocaleString('en') : '-';
  const out = [
    `\npipeline speed on a synthetic corpus (one ~150-token chunk per document; recursive chunking, size 256; ${questions} questions per trial, local extractive answerer):`,
    line(header),
    line(['', '', '', '', '', 'ms/query', 'ms/query', 's', 's', '', 'MB']),
  ];
  for (const row of rows) {
    out.push(
      line([
        row.chunks.toLocaleString('en'),
        row.label,
        perSecond(row, row.chunkMs),
        perSecond(row, row.embedMs),
        perSecond(row, row.indexMs),
        row.retrieveP50Ms.toFixed(2),
        row.retrieveP95Ms.toFixed(2),
        (row.coldTrialMs / 1000).toFixed(2),
        (row.warmTrialMs / 1000).toFixed(3),
        `${(row.coldTrialMs / row.warmTrialMs).toFixed(0)}x`,
        row.peakRssMb.toFixed(0),
      ]),
    );
  }
  out.push(
    '  chunk/embed/index/s: chunks per second of each corpus stage (recorded stage costs; index = HNSW and/or BM25 build).',
    '  retr p50/p95: recorded retrieve-stage latency per question in the cold trial (query embedding + search + fusion;',
    '  index loading counts as build cost). cold trial: empty cache, everything built; warm: same config, new runner,',
    '  everything cached. peak RSS: max resident set of the child process that measured the row (synthetic dataset included).',
  );
  return out.join('\n');
}
