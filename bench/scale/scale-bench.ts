import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../src/space/parameter-schema.js';
import { forkRow } from '../fork-row.js';
import { formatScaleTable } from './scale-table.js';
import type { ScaleRow, ScaleRowRequest } from './scale-row.js';
import type { ScaleTuneRequest, ScaleTuneRow } from './scale-tune-row.js';
import { formatScaleTuneTable } from './scale-tune-table.js';

/** The SQuAD v1.1 dev sample of the shared datasets: real gold paragraphs to pad with distractors. */
export const DEFAULT_SCALE_SOURCE = '/work/shared/datasets/squad_v1.1_dev';

/** Retrieval setups measured per corpus size (on top of the baseline configuration). */
export const SCALE_SETUPS: [string, Config][] = [
  ['bm25', { retrieval: 'bm25' }],
  ['dense hash-words', { retrieval: 'dense', embedder: 'hash-words' }],
  ['dense lsa', { retrieval: 'dense', embedder: 'lsa' }],
  ['dense hash-chargrams', { retrieval: 'dense', embedder: 'hash-chargrams' }],
  ['hybrid hash-words', { retrieval: 'hybrid', embedder: 'hash-words', fusion: 'rrf' }],
];

/**
 * `--only scale`: the source dataset's questions and paragraphs padded with distractors (see
 * buildScaleCorpus) to each size, one cold and one warm trial per retrieval setup, each row in its
 * own process (its own peak RSS), plus for dense setups the brute-force reference over the same
 * vectors. Rows run one after another: two at once would share the machine's cores and memory.
 * With `tuneTrials`, then a tuning run of that many trials at the largest size (its own process too).
 */
export async function runScaleBench(options: {
  source: string;
  docs: number[];
  questions: number;
  seed: number;
  setups?: string[];
  tuneTrials?: number;
  json?: string;
}): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  const failed: { docs: number; label: string; error: string }[] = [];
  const started = performance.now();
  const unknown = (options.setups ?? []).filter((s) => s !== 'none' && !SCALE_SETUPS.some(([label]) => label === s));
  if (unknown.length > 0)
    throw new Error(
      `--setups: unknown setup(s) ${unknown.join(', ')}; use ${SCALE_SETUPS.map(([label]) => `"${label}"`).join(', ')} or none`,
    );
  const setups = SCALE_SETUPS.filter(([label]) => !options.setups || options.setups.includes(label));
  for (const docs of options.docs) {
    for (const [label, overrides] of setups) {
      const request: ScaleRowRequest = {
        source: options.source,
        docs,
        questions: options.questions,
        seed: options.seed,
        label,
        overrides,
      };
      const elapsed = `${((performance.now() - started) / 1000).toFixed(0)} s so far`;
      try {
        const row = await forkRow<ScaleRowRequest, ScaleRow>({
          entry: fileURLToPath(new URL('./scale-row.js', import.meta.url)),
          flag: '--scale-row',
          request,
          what: `scale row ${label} at ${docs} docs`,
        });
        rows.push(row);
        console.error(
          `  [${docs.toLocaleString('en')} docs ${label}: cold ${(row.coldMs / 1000).toFixed(1)} s; ${elapsed}]`,
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failed.push({ docs, label, error: message });
        console.error(`  [${docs.toLocaleString('en')} docs ${label}: FAILED ${message}; ${elapsed}]`);
      }
    }
  }
  if (rows.length > 0) console.log(formatScaleTable(rows));
  for (const f of failed) console.log(`  FAILED at ${f.docs.toLocaleString('en')} docs, ${f.label}: ${f.error}`);
  let tune: ScaleTuneRow | null = null;
  if (options.tuneTrials !== undefined) {
    const docs = Math.max(...options.docs);
    const { source, questions, seed } = options;
    const request: ScaleTuneRequest = { source, docs, questions, seed, trials: options.tuneTrials };
    try {
      tune = await forkRow<ScaleTuneRequest, ScaleTuneRow>({
        entry: fileURLToPath(new URL('./scale-tune-row.js', import.meta.url)),
        flag: '--scale-tune-row',
        request,
        what: `${options.tuneTrials}-trial tune at ${docs} docs`,
      });
      console.log(formatScaleTuneTable(tune));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failed.push({ docs, label: 'tune', error: message });
      console.log(`  FAILED tune at ${docs.toLocaleString('en')} docs: ${message}`);
    }
  }
  if (options.json) {
    mkdirSync(dirname(options.json), { recursive: true });
    writeFileSync(options.json, JSON.stringify({ section: 'scale', ...options, rows, tune, failed }, null, 2));
    console.log(`wrote ${options.json}`);
  }
  return rows;
}
