import { join, resolve } from 'node:path';
import type { Dataset } from '../data/dataset-schema.js';
import type { DatasetWarning } from '../data/dataset-warning.js';
import { inspectDataset } from '../data/inspect-dataset.js';
import { spaceChunkReference } from './dataset-warning-lines.js';
import { loadDataset } from '../data/load-dataset.js';
import { shuffleQuestions } from '../data/sample-questions.js';
import { TuneRagError } from '../errors.js';
import { chooseQualityMetric } from '../metrics/quality-metric.js';
import { METRIC_DESCRIPTIONS } from '../metrics/summarize-metrics.js';
import { scoreTrivialAnswers } from '../metrics/trivial-answers.js';
import { DEFAULT_OBJECTIVE_NAMES, DEFAULT_WEIGHTS, parseConstraint, parseObjectives, parseWeights } from '../optimize/objectives.js';
import { defaultStudyName } from '../optimize/default-study-name.js';
import { openOrCreateStudy, type StudyOpening } from '../optimize/open-study.js';
import { BUILTIN_PROPOSERS, createBuiltinProposer, type BuiltinProposerName } from '../optimize/proposers/builtin-proposers.js';
import type { Proposal, Proposer } from '../optimize/proposers/proposer.js';
import { createLlmAgentProposer } from '../optimize/proposers/agent/llm-agent-proposer.js';
import { describeFailures } from '../optimize/failure-analysis.js';
import type { TrialRecord } from '../store/trial.js';
import { checkPrunerName } from '../optimize/pruners/create-pruner.js';
import { parseRungFractions, planRungs } from '../optimize/pruners/rung-schedule.js';
import type { Study } from '../optimize/study.js';
import { makeStudySettings } from '../optimize/study-settings.js';
import { packageVersion } from '../package-root.js';
import { stableHash } from '../json/canonical-json.js';
import { loadSearchSpace } from '../space/load-space.js';
import { extendSpaceForLlm } from '../space/extend-space-for-llm.js';
import type { LlmSetup } from '../providers/configure-llm.js';
import { bindStudySpend } from './study-spend-cap.js';
import { checkWritableFile, checkWritableFolder } from './output-paths.js';
import type { SearchSpace } from '../space/parameter-schema.js';
import { didYouMean } from '../names/suggest-name.js';
import { SqliteStudyStore } from '../store/sqlite-study-store.js';
import { createSteeredProposer } from '../optimize/proposers/steered-proposer.js';
import { SteeringSession } from '../chat/steering-session.js';
import type { Workspace } from '../workspace/workspace.js';
import { checkUserName } from '../names/user-name.js';
import { resolveInside } from '../names/inside-folder.js';

export interface TuneFlags {
  dataset: string;
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
  /** Configurations enqueued right after the baseline of a new study (eval --retune-on-regression). */
  warmStart?: Proposal[];
  llm?: string;
  llmEmbed?: string;
  maxCost?: number;
  prices?: string;
  llmTimeout?: number;
  /** --generate-qa: generate this many questions from --dataset's documents first (see generateQaFirst). */
  generateQa?: number;
}

export interface TuneSetup {
  dataset: Dataset;
  space: SearchSpace;
  study: Study;
  store: SqliteStudyStore;
  /** The proposer of the run, wrapped so it honours the study's steering (pins, exclusions, ranges, weights). */
  proposer: Proposer;
  /** The study's steering: empty for a new study, replayed from the store on --resume. */
  steering: SteeringSession;
  resumed: boolean;
  /** What `datasets inspect` would warn about, with the long-document check against the space's largest chunk.size. */
  datasetWarnings: DatasetWarning[];
  /** How the study was opened: `same-command` when this exact command ran before (no --study, no --resume). */
  opening: StudyOpening;
  /** Said on stderr when --resume found no stored study and started it (see openOrCreateStudy). */
  openingNote: string | null;
  questionOrder: Dataset['questions'];
  outDir: string;
  /** What the study's spend cap and earlier spend are, when worth saying (see bindStudySpend). */
  spendLine: string | null;
}

/**
 * Validates every flag and opens (or creates) the study before any work starts, including that
 * `--out`, `--json` and the study folder can be written (a read-only folder is exit 2 at once).
 */
export async function setupTuning(flags: TuneFlags, workspace: Workspace, cwd: string, llm?: LlmSetup | null): Promise<TuneSetup> {
  // First, before anything is read or written: the name becomes .tune-rag/studies/<name>.
  if (flags.study !== undefined) checkUserName({ name: flags.study, label: '--study', example: '--study my-study-1', hint: 'To put the outputs in another folder, use --out DIR.' });
  const proposerNames: readonly string[] = [...BUILTIN_PROPOSERS, 'llm'];
  if (flags.proposer === 'llm' && !llm) {
    throw new TuneRagError('cli', '--proposer llm needs --llm', { hint: 'add e.g. --llm openai:gpt-4o-mini (or OPENAI_BASE_URL for a compatible server)' });
  }
  if (!proposerNames.includes(flags.proposer)) {
    throw new TuneRagError('cli', `--proposer: unknown proposer "${flags.proposer}".${didYouMean(flags.proposer, proposerNames)}`, { hint: `Available: ${proposerNames.join(', ')}` });
  }
  const named = parseObjectives(flags.objectives ?? DEFAULT_OBJECTIVE_NAMES.join(','));
  const weights = flags.weights ? parseWeights(flags.weights, named) : Object.fromEntries(named.map((o) => [o.name, DEFAULT_WEIGHTS[o.name] ?? 1]));
  const constraints = (flags.constraint ?? []).map((c) => parseConstraint(c, Object.keys(METRIC_DESCRIPTIONS)));
  const fractions = parseRungFractions(flags.rungs);
  if (flags.pruner !== undefined) checkPrunerName(flags.pruner);
  const loaded = loadSearchSpace({ path: flags.space ? resolve(cwd, flags.space) : workspace.defaultSpacePath, catalogue: workspace.catalogue, fixed: workspace.defaults });
  const space = llm && !flags.space ? extendSpaceForLlm({ space: loaded, catalogue: workspace.catalogue, ...llm.registered }) : loaded;
  const dataset = await loadDataset({ spec: flags.dataset, cwd });
  // The quality objective's metric follows the dataset's answers (documented rule, stored below).
  const quality = chooseQualityMetric({ questions: dataset.questions });
  const objectives = named.map((o) => (o.name === 'quality' ? { ...o, metric: quality.metric } : o));
  if (!dataset.hasAnswers && objectives.some((o) => o.name === 'quality')) {
    throw new TuneRagError('cli', `dataset ${dataset.name} has no reference answers, so answer quality cannot be scored`, { hint: 'Tune retrieval only: --objectives retrieval,latency' });
  }
  // A study evaluates a fixed, seeded question order; --questions keeps only its first N.
  const questionOrder = shuffleQuestions({ questions: dataset.questions, seed: flags.seed }).slice(0, flags.questions ?? dataset.questions.length);
  const spaceHash = stableHash({ space, objectives, weights, constraints, questions: questionOrder.length });
  const rungs = flags.fidelity ? planRungs({ questionCount: questionOrder.length, fractions }) : [questionOrder.length];
  const qualityMetric = objectives.find((o) => o.name === 'quality')?.metric ?? quality.metric;
  const settings = makeStudySettings({
    dataset: { name: dataset.name, source: dataset.source, fingerprint: dataset.fingerprint, documents: dataset.docs.length },
    questionCount: questionOrder.length,
    space, spaceHash, objectives, weights, constraints,
    seed: flags.seed, budget: flags.budget, proposer: flags.proposer,
    rungs,
    eta: flags.eta,
    pruner: flags.pruner,
    maxFailureRate: flags.maxFailureRate,
    baseline: workspace.baseline,
    versions: { 'tune-rag': packageVersion(), node: process.version },
    quality: dataset.hasAnswers ? quality : undefined,
    // Rung subsets are prefixes of the question order: these are the first rung's questions.
    trivialAnswers: scoreTrivialAnswers({ questions: questionOrder.slice(0, rungs[0]), metric: qualityMetric }) ?? undefined,
  });
  // Before the study exists: a fixed path must not leave a new, empty study behind.
  if (flags.out) checkWritableFolder({ dir: resolve(cwd, flags.out), flag: '--out' });
  if (flags.json) checkWritableFile({ path: resolve(cwd, flags.json), flag: '--json' });
  const store = new SqliteStudyStore({ path: flags.db ? resolve(cwd, flags.db) : join(workspace.dir, 'tune-rag.db') });
  try {
    // Without --study the name is derived from the dataset content and the settings, so running
    // the same command again reopens the same study (and reports it) instead of failing.
    const name = flags.study ?? defaultStudyName(settings);
    const { study, resumed, opening, note: openingNote } = openOrCreateStudy({ store, name, settings, resume: flags.resume ?? false, sameCommandResumes: flags.study === undefined, baseline: workspace.baseline, requested: { pruner: flags.pruner } });
    if (!resumed && flags.warmStart?.length) study.enqueue({ proposals: flags.warmStart, proposer: 'warm-start' });
    const spendLine = llm ? bindStudySpend({ study, client: llm.client, maxCostUsd: flags.maxCost }) : null;
    // A resumed study keeps the settings it started with (space, objectives, rungs, seed).
    const effective = study.settings;
    const questionsById = new Map(dataset.questions.map((q) => [q.id, q]));
    // The agent sees why the current best fails, from its stored per-question results.
    const failureAnalysis = (best: TrialRecord) => describeFailures({ trial: best, results: study.questionResults({ trialId: best.id, rung: best.rungs.length - 1 }), questions: questionsById });
    const outDir = flags.out ? resolve(cwd, flags.out) : resolveInside({ folder: join(workspace.dir, 'studies'), name: study.name, what: 'study folder' });
    if (!flags.out) checkWritableFolder({ dir: outDir, flag: '--out (default: the study folder)' });
    const steering = new SteeringSession({ study, space: effective.space as SearchSpace, budget: flags.budget, budgetExplicit: flags.budgetExplicit, baseline: workspace.baseline, exportPath: join(outDir, 'best.json') });
    const inner = createProposer({ name: flags.proposer, workspace, budget: flags.budget, llm: llm ?? null, dataset, failureAnalysis, steeringNotes: () => steering.notes() });
    return {
      dataset, space: effective.space as SearchSpace, study, store, proposer: createSteeredProposer({ inner, state: () => steering.state }), steering, resumed, opening, openingNote,
      datasetWarnings: inspectDataset({ dataset, chunk: spaceChunkReference(effective.space as SearchSpace) }).warnings,
      questionOrder: shuffleQuestions({ questions: dataset.questions, seed: effective.seed }).slice(0, effective.rungs[effective.rungs.length - 1]),
      outDir, spendLine,
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

/**
 * The proposer of a run. With an LLM configured, `auto` and `llm` both mean the agent proposer,
 * with the built-in `auto` strategy as its fallback for rejected proposals and LLM errors.
 */
function createProposer(options: { name: string; workspace: Workspace; budget: number; llm: LlmSetup | null; dataset: Dataset; failureAnalysis: (best: TrialRecord) => string | null; steeringNotes: () => string[] }): Proposer {
  const { workspace, budget, llm, dataset } = options;
  const builtin = (name: BuiltinProposerName) => createBuiltinProposer({ name, greedy: { start: workspace.baseline }, auto: { start: workspace.baseline, budget } });
  if (llm && (options.name === 'llm' || options.name === 'auto')) {
    return createLlmAgentProposer({
      client: llm.client, fallback: builtin('auto'), budget, failureAnalysis: options.failureAnalysis, steeringNotes: options.steeringNotes,
      datasetSummary: `${dataset.name}: ${dataset.docs.length} documents, ${dataset.questions.length} questions (${dataset.format} format)${dataset.hasAnswers ? '' : ', no reference answers'}`,
    });
  }
  return builtin(options.name as BuiltinProposerName);
}
