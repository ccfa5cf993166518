import type { AnswerJudge } from '../providers/judges/answer-judge.js';
import type { Pruner, PrunerName } from '../optimize/pruners/pruner.js';
import type { Dataset } from '../data/dataset-schema.js';
import type { Proposal, Proposer } from '../optimize/proposers/proposer.js';
import type { TuningEvents } from '../optimize/tuning-loop.js';
import type { StudySummary } from '../optimize/study-summary.js';
import type { StudyOpening } from '../optimize/open-study.js';
import type { ComponentRegistry } from '../providers/component-registry.js';
import type { LlmSetup } from '../providers/configure-llm.js';
import type { SearchSpace } from '../space/parameter-schema.js';
import type { UserPipelineInput } from '../pipeline/user/user-pipeline.js';

/**
 * What `tune()` searches, on what, and how. Only `dataset` is required; every other option has
 * the default the CLI has (`budget` 30, proposer `auto`, seed 0, multi-fidelity rungs
 * 0.11,0.33,1 with eta 3, the four default objectives and their weights).
 */
export interface TuneOptions {
  /** A dataset from `loadDataset`, or a bundled dataset name (`demo`) or path, read relative to `cwd`. */
  dataset: Dataset | string;
  /** A folder dataset's document files (PDF, DOCX, ...) above this many MB are refused (default 50). */
  maxDocumentMb?: number;
  /** Folder relative paths are read from, and where the `.tune-rag/` state folder goes (default: `process.cwd()`). */
  cwd?: string;
  /** A space from `defineSearchSpace`, or the path of a space JSON file (default: pipelines/default.space.json). */
  space?: SearchSpace | string;
  /** Trials to evaluate, the baseline (trial #0) included (default 30). */
  budget?: number;
  /** A builtin proposer name (`auto`, `random`, `grid`, `tpe`, `greedy`, `llm`) or a Proposer from `createProposer` (default `auto`). */
  proposer?: string | Proposer;
  /** Fixes every random choice: question order and proposals (default 0). */
  seed?: number;
  /** Trials evaluated at once (default 1). */
  concurrency?: number;
  /** Objective names: quality, retrieval, latency, cost, ... (default the four of them). */
  objectives?: readonly string[];
  /** Weight per objective; objectives left out weigh 0 (default quality 0.7, retrieval 0.2, latency 0.05, cost 0.05). */
  weights?: Readonly<Record<string, number>>;
  /** Constraints over metrics, e.g. `latency_p95_ms<800`. */
  constraints?: readonly string[];
  /** Multi-fidelity: evaluate on growing question subsets and stop weak trials early (default true). */
  fidelity?: boolean;
  /** Rung sizes as fractions of the questions, increasing, the last usually 1 (default [0.11, 0.33, 1]). */
  rungs?: readonly number[];
  /** Successive halving keeps the top 1/eta of each rung (default 3). */
  eta?: number;
  /**
   * Who stops trials between rungs: `successive-halving` (default), `median`, `none`, or your own
   * `Pruner` object. Its name is stored with the study; on `resume` a different one is an error,
   * and leaving it out uses the stored built-in one (pass your own pruner again to resume with it).
   */
  pruner?: PrunerName | Pruner;
  /** Share of failed questions above which a trial fails instead of being ranked (default 0.2; stored with the study). */
  maxFailureRate?: number;
  /** Tune on the first `questions` of the seeded question order (default: all). */
  questions?: number;
  /** The study database (default `TUNE_RAG_STORAGE`, else `<cwd>/.tune-rag/tune-rag.db`). */
  storage?: string;
  /** Seconds between a running trial's heartbeats (default 5). */
  heartbeatInterval?: number;
  /**
   * Seconds after which a running trial whose heartbeat stopped (its process died) is recovered:
   * failed as interrupted and re-queued (default 30; several workers can share a study).
   */
  heartbeatGrace?: number;
  /** The study's name (default: derived from the dataset and the settings, so the same call reopens it). */
  study?: string;
  /** Continue the named study after a crash or an abort (a missing study is started, with a note). */
  resume?: boolean;
  /** Configurations evaluated right after the baseline when the study is new. */
  warmStart?: readonly Proposal[];
  /**
   * Your own pipeline, tuned as a black box instead of the built-in one: a function
   * `({ question, config }) => { answer, contexts }`, a LangChain Runnable, or
   * `{ name, version, run, space, baseline?, timeoutMs? }` (see `toUserPipeline`). The space is
   * then its declared parameters only (`space` narrows them), and trial #0 its baseline.
   */
  pipeline?: UserPipelineInput;
  /** The components the pipeline may use; a registered one becomes a value of its parameter (default: the local ones). */
  components?: ComponentRegistry;
  /** An LLM from `configureLlm`, or null for none. Without `components`, the registry it registered its components in is used. */
  llm?: LlmSetup | null;
  /**
   * Scores every trial's answers with a judge (metrics judge_correctness and judge_faithfulness;
   * objective `judge`): an AnswerJudge (e.g. `llm.judge` of `configureLlm({ judge: true })`), or
   * the name a judge was registered under in `components` (a project file's `judges`). Its name
   * joins the study's settings, so a search judged by another model is another study.
   */
  judge?: AnswerJudge | string;
  /** The study's LLM spending cap in USD over all its runs (needs `llm`). */
  maxCost?: number;
  /** The stage cache folder (default `<cwd>/.tune-rag/cache`). */
  cacheDir?: string;
  /**
   * Bytes the stage cache may hold: after each trial its least recently used entries are removed
   * until it fits, never what a running trial may still read (default: no limit).
   */
  cacheBudget?: number;
  /** Where a steering export writes best.json (default the study folder `.tune-rag/studies/<study>`). */
  outDir?: string;
  /** Called as the search goes: proposals, trial starts and ends, rung results. */
  events?: TuningEvents;
  /** Aborting stops the search: running trials end as interrupted and are re-run on `resume`. */
  signal?: AbortSignal;
}

/** What `tune()` found. */
export interface TuneResult {
  /** Best trial, Pareto front, every trial, counts by state, importance, failures. */
  study: StudySummary;
  studyName: string;
  /** True when an existing study was continued. */
  resumed: boolean;
  /** `created`, `resumed`, or `same-command` (the same options ran before and reopened their study). */
  opening: StudyOpening;
  /** True when `signal` aborted the search before the budget was used. */
  aborted: boolean;
  /** The folder the study's outputs belong in (see `outDir`). */
  outDir: string;
}
