import type { SearchSpace } from '../space/parameter-schema.js';
import type { PrunerName } from '../optimize/pruners/pruner.js';
import type { PrepareTuningOptions } from '../api/prepare-tuning.js';
import type { Proposal } from '../optimize/proposers/proposer.js';
import type { LlmSetup } from '../providers/configure-llm.js';
import type { Workspace } from '../workspace/workspace.js';
import type { UserPipelineInput } from '../pipeline/user/user-pipeline.js';
import type { HeartbeatFlags } from './heartbeat-options.js';
import { storageFlag } from './storage-option.js';

/** The flags of `tune` and `chat` as commander parses them (see tune-options.ts). */
export interface TuneFlags extends HeartbeatFlags {
  /** --workers: processes evaluating trials (tune itself plus N - 1 `tune-rag worker` children); default 1. */
  workers?: number;
  dataset: string;
  /** --max-document-mb: a folder dataset's document files above this are refused. */
  maxDocumentMb?: number;
  /** --config-file: the project file (see setUpComponents). */
  configFile?: string;
  budget: number;
  /** True when --budget was typed (not the default): it then beats a budget set in chat (see replaySteering). */
  budgetExplicit?: boolean;
  proposer: string;
  space?: string;
  seed: number;
  concurrency: number;
  resume?: boolean;
  json?: string;
  out?: string;
  study?: string;
  db?: string;
  objectives?: string;
  weights?: string;
  constraint?: string[];
  rungs: string;
  fidelity: boolean;
  eta: number;
  /** --pruner as typed; undefined: the stored one on resume, else successive-halving. */
  pruner?: string;
  /** Share of failed questions above which a trial fails (default 20%); a new study stores it. */
  maxFailureRate?: number;
  questions?: number;
  cacheDir?: string;
  /** --cache-budget in bytes: the stage cache's least recently used entries go after each trial to fit. */
  cacheBudget?: number;
  /** Configurations enqueued right after the baseline of a new study. */
  warmStart?: Proposal[];
  llm?: string;
  llmEmbed?: string;
  maxCost?: number;
  prices?: string;
  llmTimeout?: number;
  /** --judge: score answers with the --llm model as judge. */
  judge?: boolean;
  /** --judge-with NAME: a judge the project file registers. */
  judgeWith?: string;
  /** --generate-qa: generate this many questions from --dataset's documents first (see generateQaFirst). */
  generateQa?: number;
}

/**
 * The library options a tune or chat command means. Weights and rungs stay the typed text so
 * their errors quote it; the library's option names map back to these flags (flag-names.ts).
 */
export function tuneOptionsOf(
  flags: TuneFlags,
  /** `space`: the search space when --space is not given (a project file's). */
  context: {
    cwd: string;
    workspace: Workspace;
    llm: LlmSetup | null;
    space?: string | SearchSpace;
    /** A project file's pipeline, tuned instead of the built-in one. */
    pipeline?: UserPipelineInput;
  },
): PrepareTuningOptions {
  return {
    ...(context.pipeline ? { pipeline: context.pipeline } : {}),
    dataset: flags.dataset,
    maxDocumentMb: flags.maxDocumentMb,
    cwd: context.cwd,
    workspace: context.workspace,
    llm: context.llm,
    space: flags.space ?? context.space,
    budget: flags.budget,
    budgetExplicit: flags.budgetExplicit ?? false,
    proposer: flags.proposer,
    seed: flags.seed,
    concurrency: flags.concurrency,
    objectives: flags.objectives?.split(','),
    weights: flags.weights || undefined,
    constraints: flags.constraint,
    rungs: flags.rungs,
    fidelity: flags.fidelity,
    eta: flags.eta,
    pruner: flags.pruner as PrunerName | undefined,
    maxFailureRate: flags.maxFailureRate,
    questions: flags.questions,
    storage: storageFlag(flags),
    heartbeatInterval: flags.heartbeatInterval,
    heartbeatGrace: flags.heartbeatGrace,
    study: flags.study,
    resume: flags.resume,
    warmStart: flags.warmStart,
    maxCost: flags.maxCost,
    judge: flags.judgeWith ?? context.llm?.judge ?? undefined,
    cacheDir: flags.cacheDir,
    cacheBudget: flags.cacheBudget,
    outDir: flags.out,
  };
}
