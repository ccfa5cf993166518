import { join, resolve } from 'node:path';
import type { Dataset } from '../data/dataset-schema.js';
import type { DatasetWarning } from '../data/dataset-warning.js';
import { inspectDataset } from '../data/inspect-dataset.js';
import { loadDataset } from '../data/load-dataset.js';
import { shuffleQuestions } from '../data/sample-questions.js';
import { optionRef, TuneRagError } from '../errors.js';
import type { ComponentRegistry } from '../providers/component-registry.js';
import { chooseQualityMetric } from '../metrics/quality-metric.js';
import { METRIC_DESCRIPTIONS } from '../metrics/summarize-metrics.js';
import { scoreTrivialAnswers } from '../metrics/trivial-answers.js';
import {
  DEFAULT_OBJECTIVE_NAMES,
  DEFAULT_WEIGHTS,
  parseConstraint,
  parseObjectives,
  parseWeights,
} from '../optimize/objectives.js';
import { defaultStudyName } from '../optimize/default-study-name.js';
import { openOrCreateStudy, type StudyOpening } from '../optimize/open-study.js';
import type { Proposer } from '../optimize/proposers/proposer.js';
import { describeFailures } from '../optimize/failure-analysis.js';
import type { TrialRecord } from '../store/trial.js';
import { checkPrunerName } from '../optimize/pruners/create-pruner.js';
import type { Pruner } from '../optimize/pruners/pruner.js';
import { checkRungFractions, parseRungFractions, planRungs } from '../optimize/pruners/rung-schedule.js';
import type { Study } from '../optimize/study.js';
import { makeStudySettings, studyDatasetOf } from '../optimize/study-settings.js';
import { packageVersion } from '../package-root.js';
import { stableHash } from '../json/canonical-json.js';
import { completeSearchSpace, loadSearchSpace } from '../space/load-space.js';
import { extendSpaceForLlm } from '../space/extend-space-for-llm.js';
import { bindStudySpend } from './study-spend-cap.js';
import type { SearchSpace } from '../space/parameter-schema.js';
import { openStudyStorage, resolveStudyStorage } from '../store/open-study-storage.js';
import type { StudyStore } from '../store/study-store.js';
import { heartbeatTiming, type HeartbeatTiming } from '../optimize/workers/worker-timing.js';
import { createSteeredProposer } from '../optimize/proposers/steered-proposer.js';
import { SteeringSession } from '../chat/steering-session.js';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';
import { checkUserName } from '../names/user-name.js';
import { resolveInside } from '../names/inside-folder.js';
import { spaceChunkReference } from './space-chunk-reference.js';
import { checkTuneNumbers } from './check-tune-numbers.js';
import { checkProposerName, resolveProposer } from './resolve-proposer.js';
import type { TuneOptions } from './tune-options.js';
import { setUpUserPipeline } from './user-pipeline-setup.js';
import type { UserPipeline } from '../pipeline/user/user-pipeline.js';
import { withoutNeutralParameters } from '../space/neutral-values.js';
import { resolveTuningJudge } from './resolve-tuning-judge.js';
import type { AnswerJudge } from '../providers/judges/answer-judge.js';

/**
 * `TuneOptions` as the CLI passes them: weights and rungs may be the flags' text, so their
 * errors quote what was typed; `budgetExplicit` says the budget was typed, not defaulted.
 */
export interface PrepareTuningOptions extends Omit<TuneOptions, 'weights' | 'rungs' | 'events' | 'signal'> {
  weights?: Readonly<Record<string, number>> | string;
  rungs?: readonly number[] | string;
  /** True when the budget was given (not the default): it then beats a budget set in chat (see replaySteering). */
  budgetExplicit?: boolean;
  /** The workspace to use; default one opened in `cwd` with `components` and `cacheDir`. */
  workspace?: Workspace;
}

/** A study opened and ready to search: what `runTuning` needs, and what a front end reports first. */
export interface PreparedTuning {
  workspace: Workspace;
  /** The caller's own pruner, when `pruner` was one; otherwise the loop builds the study's built-in one. */
  pruner?: Pruner;
  /** The user's pipeline, when `pipeline` was given: trials run it instead of the built-in pipeline. */
  pipeline?: UserPipeline;
  /** Scores every trial's answers (see `TuneOptions.judge`). */
  judge?: AnswerJudge;
  dataset: Dataset;
  space: SearchSpace;
  study: Study;
  store: StudyStore;
  /** Where the study lives (see resolveStudyStorage): what worker processes and the heartbeat thread open. */
  storage: string;
  /** Heartbeat interval and grace period of this run (ms). */
  heartbeat: HeartbeatTiming;
  /** The proposer of the run, wrapped so it honours the study's steering (pins, exclusions, ranges, weights). */
  proposer: Proposer;
  /** The study's steering: empty for a new study, replayed from the store on resume. */
  steering: SteeringSession;
  resumed: boolean;
  /** What `datasets inspect` would warn about, with the long-document check against the space's largest chunk.size. */
  datasetWarnings: DatasetWarning[];
  /** How the study was opened: `same-command` when these exact options ran before (no study name, no resume). */
  opening: StudyOpening;
  /** Said when `resume` found no stored study and started it (see openOrCreateStudy). */
  openingNote: string | null;
  questionOrder: Dataset['questions'];
  /** The study's output folder: `outDir`, or `.tune-rag/studies/<study>`. */
  outDir: string;
  /** What the study's spend cap and earlier spend are, when worth saying (see bindStudySpend). */
  spendLine: string | null;
  budget: number;
  concurrency: number;
}

/**
 * Validates every option and opens (or creates) the study before any work starts. The caller
 * owns the returned store: close it (or call `runTuning`, which does not close it either).
 */
export async function prepareTuning(options: PrepareTuningOptions): Promise<PreparedTuning> {
  const cwd = options.cwd ?? process.cwd();
  // First, before anything is read or written: the name becomes .tune-rag/studies/<name>.
  if (options.study !== undefined)
    checkUserName({
      name: options.study,
      label: optionRef('study'),
      example: `${optionRef('study')} my-study-1`,
      hint: `To put the outputs in another folder, use ${optionRef('out')} DIR.`,
    });
  const { budget, seed, concurrency, eta } = checkTuneNumbers(options);
  const heartbeat = heartbeatTiming({
    intervalMs: options.heartbeatInterval === undefined ? undefined : options.heartbeatInterval * 1000,
    graceMs: options.heartbeatGrace === undefined ? undefined : options.heartbeatGrace * 1000,
  });
  const llm = options.llm ?? null;
  const opened =
    options.workspace ?? openWorkspace({ cwd, cacheDir: options.cacheDir, components: tuneComponents(options) });
  // A user pipeline brings its own parameters: its space is the catalogue, its baseline trial #0.
  const user = options.pipeline
    ? setUpUserPipeline({ pipeline: options.pipeline, workspace: opened, space: options.space, cwd, needsSpace: true })
    : undefined;
  const workspace = user?.workspace ?? opened;
  const proposerName = typeof options.proposer === 'object' ? options.proposer.name : (options.proposer ?? 'auto');
  // Checked before anything is loaded, so a typo fails at once; the proposer itself needs the dataset.
  if (typeof options.proposer !== 'object') checkProposerName({ name: proposerName, llm });
  const named = parseObjectives((options.objectives ?? DEFAULT_OBJECTIVE_NAMES).join(','));
  const weights =
    options.weights === undefined
      ? Object.fromEntries(named.map((o) => [o.name, DEFAULT_WEIGHTS[o.name] ?? 1]))
      : parseWeights(
          typeof options.weights === 'string'
            ? options.weights
            : Object.entries(options.weights)
                .map(([k, v]) => `${k}=${v}`)
                .join(','),
          named,
        );
  const constraints = (options.constraints ?? []).map((c) => parseConstraint(c, Object.keys(METRIC_DESCRIPTIONS)));
  const fractions = rungFractions(options.rungs);
  // A Pruner object is the caller's own (its name is stored); a name must be a built-in one.
  const prunerName = typeof options.pruner === 'object' ? options.pruner.name : options.pruner;
  if (typeof options.pruner === 'string') checkPrunerName(options.pruner);
  const space = user?.space ?? resolveSpace({ space: options.space, workspace, cwd, llm });
  const dataset =
    typeof options.dataset === 'string'
      ? await loadDataset({ spec: options.dataset, cwd, maxDocumentMb: options.maxDocumentMb })
      : options.dataset;
  // The quality objective's metric follows the dataset's answers (documented rule, stored below).
  const quality = chooseQualityMetric({ questions: dataset.questions });
  const objectives = named.map((o) => (o.name === 'quality' ? { ...o, metric: quality.metric } : o));
  if (!dataset.hasAnswers && objectives.some((o) => o.name === 'quality')) {
    throw new TuneRagError(
      'cli',
      `dataset ${dataset.name} has no reference answers, so answer quality cannot be scored`,
      { hint: `Tune retrieval only: ${optionRef('objectives')} retrieval,latency` },
    );
  }
  const judge = resolveTuningJudge({
    judge: options.judge,
    components: workspace.components,
    llm,
    objectives,
    constraints,
  });
  // A study evaluates a fixed, seeded question order; `questions` keeps only its first N.
  const questionOrder = shuffleQuestions({ questions: dataset.questions, seed }).slice(
    0,
    options.questions ?? dataset.questions.length,
  );
  // The pipeline's name and version join the hash: another pipeline (or version) is another search.
  // Switches a space keeps off (neutral values) stay out, so adding the knobs renamed no study.
  const pipeline = user ? { name: user.pipeline.name, version: user.pipeline.version } : undefined;
  const spaceHash = stableHash({
    space: withoutNeutralParameters(space),
    objectives,
    weights,
    constraints,
    questions: questionOrder.length,
    pipeline,
    // Another judge scores other numbers: another search (left out when none, so names stay).
    ...(judge ? { judge: judge.name } : {}),
  });
  const rungs =
    (options.fidelity ?? true) ? planRungs({ questionCount: questionOrder.length, fractions }) : [questionOrder.length];
  const qualityMetric = objectives.find((o) => o.name === 'quality')?.metric ?? quality.metric;
  const settings = makeStudySettings({
    dataset: studyDatasetOf(dataset),
    questionCount: questionOrder.length,
    space,
    spaceHash,
    objectives,
    weights,
    constraints,
    seed,
    budget,
    proposer: proposerName,
    rungs,
    eta,
    pruner: prunerName,
    maxFailureRate: options.maxFailureRate,
    baseline: workspace.baseline,
    versions: {
      'tune-rag': packageVersion(),
      node: process.version,
      ...(user ? { [`pipeline:${user.pipeline.name}`]: user.pipeline.version ?? 'unversioned' } : {}),
      ...(judge ? { judge: judge.name } : {}),
    },
    quality: dataset.hasAnswers ? quality : undefined,
    // Rung subsets are prefixes of the question order: these are the first rung's questions.
    trivialAnswers:
      scoreTrivialAnswers({ questions: questionOrder.slice(0, rungs[0]), metric: qualityMetric }) ?? undefined,
  });
  const storage = resolveStudyStorage({ storage: options.storage, cwd, workspaceDir: workspace.dir });
  const store = openStudyStorage(storage);
  try {
    // Without a study name the name is derived from the dataset content and the settings, so
    // running the same options again reopens the same study (and reports it) instead of failing.
    const name = options.study ?? defaultStudyName(settings);
    const {
      study,
      resumed,
      opening,
      note: openingNote,
    } = openOrCreateStudy({
      store,
      name,
      settings,
      resume: options.resume ?? false,
      sameCommandResumes: options.study === undefined,
      baseline: workspace.baseline,
      requested: { pruner: prunerName },
    });
    if (!resumed && options.warmStart?.length)
      study.enqueue({ proposals: [...options.warmStart], proposer: 'warm-start' });
    const spendLine = bindStudySpend({
      study,
      client: llm?.client,
      calls: workspace.components.componentCalls(),
      maxCostUsd: options.maxCost,
    });
    // A resumed study keeps the settings it started with (space, objectives, rungs, seed).
    const effective = study.settings;
    const questionsById = new Map(dataset.questions.map((q) => [q.id, q]));
    // The agent sees why the current best fails, from its stored per-question results.
    const failureAnalysis = (best: TrialRecord) =>
      describeFailures({
        trial: best,
        results: study.questionResults({ trialId: best.id, rung: best.rungs.length - 1 }),
        questions: questionsById,
      });
    const outDir = options.outDir
      ? resolve(cwd, options.outDir)
      : resolveInside({ folder: join(workspace.dir, 'studies'), name: study.name, what: 'study folder' });
    const steering = new SteeringSession({
      study,
      space: effective.space as SearchSpace,
      budget,
      budgetExplicit: options.budgetExplicit ?? options.budget !== undefined,
      baseline: workspace.baseline,
      exportPath: join(outDir, 'best.json'),
    });
    const inner =
      typeof options.proposer === 'object'
        ? options.proposer
        : resolveProposer({
            name: proposerName,
            baseline: workspace.baseline,
            budget,
            llm,
            dataset,
            failureAnalysis,
            steeringNotes: () => steering.notes(),
          });
    let warnings: DatasetWarning[] | undefined;
    return {
      workspace,
      dataset,
      space: effective.space as SearchSpace,
      study,
      store,
      storage,
      heartbeat,
      proposer: createSteeredProposer({ inner, state: () => steering.live() }),
      steering,
      resumed,
      opening,
      openingNote,
      // On first read: inspecting scans every document, and a `tune-rag worker` (which joins a
      // study whose warnings tune already printed) never reads them, so it starts trials sooner.
      get datasetWarnings() {
        warnings ??= inspectDataset({ dataset, chunk: spaceChunkReference(effective.space as SearchSpace) }).warnings;
        return warnings;
      },
      questionOrder: shuffleQuestions({ questions: dataset.questions, seed: effective.seed }).slice(
        0,
        effective.rungs[effective.rungs.length - 1],
      ),
      outDir,
      spendLine,
      budget,
      concurrency,
      pruner: typeof options.pruner === 'object' ? options.pruner : undefined,
      pipeline: user?.pipeline,
      judge: judge?.judge,
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

/** The rung fractions: the CLI's text as typed (its errors quote it), or the caller's numbers. */
function rungFractions(rungs: readonly number[] | string | undefined): number[] {
  if (rungs === undefined) return parseRungFractions('0.11,0.33,1');
  if (typeof rungs === 'string') return parseRungFractions(rungs);
  checkRungFractions(rungs, rungs.join(','));
  return [...rungs];
}

/**
 * The space searched: a file (path relative to `cwd`), a space defined in code (completed over
 * the catalogue like a file), or the default space, which gains the LLM's components when an
 * LLM is configured.
 */
function resolveSpace(options: {
  space: SearchSpace | string | undefined;
  workspace: Workspace;
  cwd: string;
  llm: TuneOptions['llm'];
}): SearchSpace {
  const { workspace, llm } = options;
  const fixed = workspace.defaults;
  if (typeof options.space === 'object')
    return completeSearchSpace({
      raw: options.space,
      catalogue: workspace.catalogue,
      fixed,
      source: `(the ${optionRef('space')} option)`,
    });
  const loaded = loadSearchSpace({
    path: options.space ? resolve(options.cwd, options.space) : workspace.defaultSpacePath,
    catalogue: workspace.catalogue,
    fixed,
  });
  return llm && !options.space
    ? extendSpaceForLlm({ space: loaded, catalogue: workspace.catalogue, ...llm.registered })
    : loaded;
}

/**
 * The registry a tuning uses: `components`, else the one `configureLlm` registered the LLM's
 * components in. Two different registries would leave the LLM's components out of the space.
 */
function tuneComponents(options: PrepareTuningOptions): ComponentRegistry | undefined {
  const fromLlm = options.llm?.registry;
  if (options.components && fromLlm && options.components !== fromLlm) {
    throw new TuneRagError(
      'config',
      `${optionRef('llm')} was configured with another component registry than ${optionRef('components')}`,
      {
        hint: `pass the same registry to configureLlm({ registry }) and as ${optionRef('components')}, or leave ${optionRef('components')} out`,
      },
    );
  }
  return options.components ?? fromLlm;
}
