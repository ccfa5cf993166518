import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tune } from '../../src/api/tune.js';
import { loadDataset } from '../../src/data/load-dataset.js';
import { answerRowRequest } from '../fork-row.js';
import { directoryBytes } from './directory-bytes.js';
import { buildScaleCorpus } from './scale-corpus.js';

/** A tuning run on the scale corpus: `trials` trials of the default space, from a cold cache. */
export interface ScaleTuneRequest extends Record<string, unknown> {
  source: string;
  docs: number;
  questions: number;
  seed: number;
  trials: number;
}

/** One trial of the tune, in the order it ended. */
export interface ScaleTuneTrial {
  number: number;
  state: string;
  retrieval: string;
  embedder: string | null;
  chunking: string;
  wallMs: number;
  /** Largest resident set sampled while the trial ran (every 100 ms, and at its start and end). */
  peakRssMb: number;
}

export interface ScaleTuneRow {
  docs: number;
  questions: number;
  trials: ScaleTuneTrial[];
  wallMs: number;
  /** The process's peak resident set over the whole tune (getrusage). */
  peakRssMb: number;
  cacheMb: number;
}

const RSS_SAMPLE_MS = 100;

/**
 * Runs `tune()` with its defaults (auto proposer, multi-fidelity rungs) on the padded corpus in
 * a scratch folder, timing each trial and sampling the resident set while it runs: whether the
 * time per trial falls as the stage cache fills, and which trials hold the most memory.
 */
export async function measureScaleTune(request: ScaleTuneRequest): Promise<ScaleTuneRow> {
  const source = await loadDataset({ spec: request.source, cwd: process.cwd() });
  const dataset = buildScaleCorpus({ source, docs: request.docs, questions: request.questions, seed: request.seed });
  const dir = mkdtempSync(join(tmpdir(), 'tune-rag-scale-tune-'));
  const trials: ScaleTuneTrial[] = [];
  const running = new Map<number, { started: number; peak: number }>();
  const sample = () => {
    const rss = process.memoryUsage.rss() / 2 ** 20;
    for (const trial of running.values()) trial.peak = Math.max(trial.peak, rss);
  };
  const timer = setInterval(sample, RSS_SAMPLE_MS);
  const started = performance.now();
  try {
    await tune({
      dataset,
      cwd: dir,
      budget: request.trials,
      seed: request.seed,
      events: {
        onTrialStart: (trial) => {
          running.set(trial.number, { started: performance.now(), peak: process.memoryUsage.rss() / 2 ** 20 });
        },
        onTrialEnd: (trial) => {
          sample();
          const run = running.get(trial.number);
          running.delete(trial.number);
          const config = trial.config;
          trials.push({
            number: trial.number,
            state: trial.state,
            retrieval: String(config.retrieval),
            embedder: config.retrieval === 'bm25' ? null : String(config.embedder ?? '-'),
            chunking: `${config['chunk.strategy']}/${config['chunk.size']}`,
            wallMs: run ? performance.now() - run.started : 0,
            peakRssMb: run?.peak ?? 0,
          });
          const last = trials[trials.length - 1] as ScaleTuneTrial;
          console.error(
            `  [tune trial #${last.number} ${last.state} ${last.retrieval}${last.embedder ? ` ${last.embedder}` : ''} ${last.chunking}: ${(last.wallMs / 1000).toFixed(1)} s, ${last.peakRssMb.toFixed(0)} MB]`,
          );
        },
      },
    });
    return {
      docs: request.docs,
      questions: dataset.questions.length,
      trials,
      wallMs: performance.now() - started,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      cacheMb: directoryBytes(join(dir, '.tune-rag', 'cache')) / 2 ** 20,
    };
  } finally {
    clearInterval(timer);
    rmSync(dir, { recursive: true, force: true });
  }
}

answerRowRequest('--scale-tune-row', measureScaleTune);
