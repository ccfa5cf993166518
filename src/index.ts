/**
 * tune-rag as a library: the declared package surface (`import { tune } from 'tune-rag'`).
 * Everything else under dist/ is internal and may change between versions.
 *
 * Errors are `TuneRagError`s whose messages name the options you passed (`budget`, `space`),
 * never CLI flags. Every long-running function takes `signal?: AbortSignal`.
 *
 * @packageDocumentation
 */

/** Tunes a pipeline on a dataset: a study searched until its budget is used (see `TuneOptions`). */
export { tune } from './api/tune.js';
/** What `tune` accepts and returns. */
export type { TuneOptions, TuneResult } from './api/tune-options.js';
/** Called as the search goes: proposals, trial starts and ends, rung results. */
export type { TuningEvents } from './optimize/tuning-loop.js';

/**
 * Bring your own pipeline: normalises a function `({ question, config }) => { answer, contexts }`,
 * a LangChain Runnable, or a declaration `{ name, version, run, space, baseline?, timeoutMs? }`
 * into the pipeline `tune`, `runConfiguration`, `evaluateRegression` and `defineSearchSpace`
 * run as a black box (their `pipeline` option calls it for you).
 */
export { toUserPipeline } from './pipeline/user/user-pipeline.js';
/** A user pipeline: what the `pipeline` option accepts, what it is called with and returns. */
export type {
  UserPipeline,
  UserPipelineInput,
  UserPipelineDeclaration,
  UserPipelineFunction,
  UserPipelineRequest,
  UserPipelineOutput,
  UserContext,
  RunnableLike,
} from './pipeline/user/user-pipeline.js';
/** A user pipeline's parameters, declared like a space file (`group` optional). */
export type { UserSpaceSpec } from './space/user-space.js';
/** What runs one configuration over questions: the built-in pipeline or a user pipeline. */
export type { ConfigurationRunner, RunRequest, RunResults, RunProgress } from './pipeline/configuration-runner.js';

/** Runs and scores one configuration on a dataset (what `tune-rag run` does, minus printing). */
export { runConfiguration } from './api/run-configuration.js';
/** What `runConfiguration` accepts and returns. */
export type { RunConfigurationOptions, ConfigurationRun } from './api/run-configuration.js';

/** Candidate against baseline per job, with paired verdicts (what `tune-rag eval` decides). */
/**
 * Exports a study's trial as a JSON manifest (versions, seeds, dataset fingerprint, metrics) or
 * as a runnable LangChain.js module built on `tune-rag/langchain`; refuses what it cannot render.
 */
export { exportConfiguration, type ExportConfigurationOptions } from './export/export-configuration.js';
/** The `--format json` export, validated by its zod schema. */
export { ExportManifestSchema, type ExportManifest } from './export/export-manifest.js';
export { evaluateRegression } from './api/evaluate-regression.js';
/** What `evaluateRegression` accepts and returns. */
export type { EvalJobOverrides, EvaluateRegressionOptions, RegressionReport } from './api/evaluate-regression.js';
/** Progress events and outcome of a batch of eval jobs (what `evaluateRegression` reports). */
export type { EvalBatchEvents, EvalBatchOpened, EvalBatchOutcome } from './regression/eval-batch.js';
/** One job of an eval job file, and one job's result. */
export type { EvalJob } from './regression/eval-job-schema.js';
/** One job's outcome: both sides, each metric's comparison and verdict. */
export type { EvalJobResult } from './regression/eval-result.js';

/**
 * Loads a dataset from a bundled name (`demo`) or a path (native JSONL, BEIR, SQuAD, or a folder
 * of PDF, DOCX, HTML, Markdown, text, CSV and JSON documents), validated and fingerprinted:
 * `loadDataset({ spec: 'demo', cwd: process.cwd() })`.
 */
export { loadDataset } from './data/load-dataset.js';
/**
 * A loaded dataset (documents and questions), one question with its answers and gold, and where a
 * PDF page / DOCX section lies in its document's text (`CorpusDoc.page_spans` / `section_spans`).
 */
export type { Dataset, QaItem, CorpusDoc, PageSpan, SectionSpan } from './data/dataset-schema.js';

/** A search space in code, validated like a space file. */
export { defineSearchSpace } from './api/define-search-space.js';
/** The shape `defineSearchSpace` accepts (that of a space JSON file). */
export type { SearchSpaceSpec } from './api/define-search-space.js';
/** A validated search space, one configuration (parameter name to value), and one parameter. */
export type { SearchSpace, Config, Param, ParamValue } from './space/parameter-schema.js';

/** A builtin proposer or the LLM agent by name, to pass as `tune({ proposer })`. */
export { createProposer } from './api/create-proposer.js';
/** What `createProposer` accepts. */
export type { CreateProposerOptions } from './api/create-proposer.js';
/** The proposer contract: implement `propose` to bring your own search strategy. */
export type { Proposer, Proposal, ProposeRequest, Objective } from './optimize/proposers/proposer.js';

/** A pruner by name (`successive-halving`, `median`, `none`): who stops weak trials between rungs. */
export { createPruner } from './optimize/pruners/create-pruner.js';
/** What `createPruner` accepts. */
export type { PrunerOptions } from './optimize/pruners/create-pruner.js';
/** The pruner contract: `decide` gets a trial's rung result and its peers' and says whether it goes on. */
export type { Pruner, PrunerName, PruneContext, PruneDecision } from './optimize/pruners/pruner.js';

/** Reads a stored study: its settings, summary and trials. */
export { openStudy } from './api/open-study.js';
/** What `openStudy` returns. */
export type { StoredStudy } from './api/open-study.js';
/** A study's summary: best trial, Pareto front, leaderboard, counts, importance, failures. */
export type { StudySummary } from './optimize/study-summary.js';
/** One trial as stored: configuration, state, objectives, metrics, rungs. */
export type { TrialRecord, TrialState } from './store/trial.js';

/** A component registry with the local components plus yours. */
export { createComponents } from './api/create-components.js';
/** What `createComponents` accepts. */
export type { ComponentsOptions } from './api/create-components.js';
/** The registry itself: `registerEmbedder`, `registerReranker`, `registerGenerator`, `registerJudge`, `registerQueryRewriter`. */
export { ComponentRegistry } from './providers/component-registry.js';
/** Embedders: a factory fitted per corpus, and the fitted embedder. */
export type { Embedder, EmbedderFactory } from './providers/embedder.js';
/**
 * The `use-lite` embedder factory (Universal Sentence Encoder lite, offline; also registered by
 * name): e.g. to wrap it as a LangChain `Embeddings`. Its model loads on the first `create()`.
 */
export { useLiteEmbedder } from './providers/local/use-lite-embedder.js';
/** Generators answer a question from retrieved contexts. */
export type { Generator, GenerationContext } from './providers/generator.js';
/** Rerankers reorder first-stage candidates. */
export type { Reranker, RerankCandidate } from './providers/reranker.js';
/**
 * Query rewriters write multi-query phrasings and HyDE passages (`query.rewrite` multi-query /
 * hyde); `configureLlm` registers one, `registry.registerQueryRewriter` takes your own.
 */
export type { QueryRewriter, RewriteResult } from './providers/query-rewriter.js';
/** Judges score answers after a run (judge_* metrics). */
export type { AnswerJudge, Judgement } from './providers/judges/answer-judge.js';
/** Token usage a component reports. */
export type { Usage } from './accounting/usage.js';

/** Registers LangChain.js components (as a project file's `components`) with a registry. */
export { registerLangchainComponents } from './project/register-langchain.js';
/** LangChain.js components and the project file's shape (`tune-rag.config.ts`'s default export). */
export type { LangchainComponents, LangchainEntry, TuneRagProject } from './project/langchain-project.js';
/** A component's own declared parameter (`params.<knob>` of a project entry). */
export type { DeclaredParam } from './project/project-schema.js';
/** Loads and validates a project file (`.ts` via jiti, `.mjs`, `.js`, `.json`). */
export { loadProjectFile, findProjectFile } from './project/load-project-file.js';
/** What `loadProjectFile` returns. */
export type { LoadedProject } from './project/load-project-file.js';
/** The resilient call path of LangChain.js components: timeouts, retries, breaker, accounting, spend cap. */
export { ComponentCalls } from './llm/component-calls.js';
/** Options and statistics of `ComponentCalls`. */
export type { ComponentCallsOptions, ComponentCallStats } from './llm/component-calls.js';
/** What a retriever or vector-store factory receives, and the settings components get. */
export type { RetrieverFactory } from './providers/langchain/langchain-retriever.js';
export type { VectorStoreFactory } from './providers/langchain/langchain-vector-store.js';
export type { ComponentSettings, BySettings } from './providers/langchain/component-settings.js';

/** The LLM side of a run (OpenAI-compatible): registers its components, then pass it as `llm`. */
export { configureLlm } from './providers/configure-llm.js';
/** What `configureLlm` returns. */
export type { LlmSetup } from './providers/configure-llm.js';

/** Answer metrics: token F1, exact match, ROUGE-L, containment, faithfulness to the context. */
export { tokenF1 } from './metrics/token-f1.js';
/** 1 when the normalised prediction equals a normalised reference, else 0. */
export { exactMatch } from './metrics/exact-match.js';
/** ROUGE-L F-measure against the best reference. */
export { rougeL } from './metrics/rouge-l.js';
/** 1 when a reference appears in the prediction (normalised), else 0. */
export { answerContainment } from './metrics/answer-containment.js';
/** Share of the answer's content tokens found in the context (null without an answer). */
export { faithfulness } from './metrics/faithfulness.js';
/** The SQuAD-style answer normalisation the answer metrics share. */
export { normalizeAnswer } from './metrics/normalize-answer.js';
/** Retrieval metrics over a ranking's relevance: recall@k, precision@k, hit@k, MRR, nDCG@k. */
export { recallAtK } from './metrics/recall-at-k.js';
/** Share of the top k chunks that are relevant (missing ranks count as not relevant). */
export { precisionAtK } from './metrics/precision-at-k.js';
/** 1 when a relevant chunk is in the top k. */
export { hitAtK } from './metrics/hit-rate.js';
/** 1 / rank of the first relevant chunk (within k when given). */
export { reciprocalRank } from './metrics/mrr.js';
/** Normalised discounted cumulative gain of the top k. */
export { ndcgAtK } from './metrics/ndcg-at-k.js';
/** A ranking judged against a question's gold: what the retrieval metrics take. */
export type { RankedRelevance } from './metrics/chunk-relevance.js';
/** Metric name to value, as runs and trials report them. */
export type { MetricsSummary } from './metrics/summarize-metrics.js';

/** The one error type tune-rag throws on purpose; `isTuneRagError` tells it apart. */
export { TuneRagError, isTuneRagError } from './errors.js';
/** Kinds of TuneRagError: config, dataset, store, cli, io, pipeline. */
export type { TuneRagErrorCode } from './errors.js';
