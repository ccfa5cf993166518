import type { Chunk } from '../chunking/chunk.js';
import type { QaItem } from '../data/dataset-schema.js';
import type { QuestionOutcome } from '../metrics/question-outcome.js';
import type { QuestionScores } from '../metrics/score-question.js';
import type { MetricsSummary } from '../metrics/summarize-metrics.js';
import type { Judgement } from '../providers/judges/answer-judge.js';
import type { Config } from '../space/parameter-schema.js';
import type { ExecutionStats } from './execution-stats.js';

/** Questions done so far of one run (for progress bars). */
export interface RunProgress {
  done: number;
  total: number;
}

/** What one configuration is run on: its questions, progress reports and the abort signal. */
export interface RunRequest {
  /** A resolved, valid configuration of the runner's space. */
  config: Config;
  /** Default: every question of the runner's dataset. */
  questions?: QaItem[];
  onProgress?: (progress: RunProgress) => void;
  /** Aborting stops starting questions; the run then rejects with RunAbortedError. */
  signal?: AbortSignal;
}

/** One configuration's per-question results and their summary: what trials, runs and eval jobs score. */
export interface RunResults {
  config: Config;
  /** The chunks (or a user pipeline's contexts, placed in the corpus) `outcomes[].retrieved` indexes into. */
  chunks: Chunk[];
  outcomes: QuestionOutcome[];
  scores: QuestionScores[];
  metrics: MetricsSummary;
  /** Questions whose pipeline failed (their outcome carries the error). */
  failures: number;
  /** Wall time of this call, warm or cold (unlike latency metrics, which replay recorded costs). */
  wallMs: number;
  /** Per-question judge results, in question order; only when the runner has a judge. */
  judgements?: Judgement[];
}

/**
 * What runs one configuration over a set of questions and returns per-question results and
 * stats. Two implementations: the built-in pipeline (`PipelineRunner`: chunk, embed, index,
 * retrieve, rerank, generate) and `UserPipelineRunner` (your own pipeline as a black box); the
 * tuning loop, `runConfiguration` and eval jobs only see this interface (see `createRunner`).
 */
export interface ConfigurationRunner {
  /** How many times each stage really computed, and how many cache hits it had. */
  readonly stats: ExecutionStats;
  run(request: RunRequest): Promise<RunResults>;
  /** Name and version of every component `config` uses (eval reports and resume checks compare them). */
  componentVersions(config: Config): Record<string, string>;
}

/** Thrown by `run` when its signal is aborted (Ctrl-C): the run's results are incomplete. */
export class RunAbortedError extends Error {
  constructor() {
    super('run aborted');
    this.name = 'RunAbortedError';
  }
}
