import type { Dataset } from '../../data/dataset-schema.js';
import type { EvalHistoryRecord } from '../../regression/eval-history-store.js';
import type { Objective } from '../../optimize/proposers/proposer.js';
import type { Study } from '../../optimize/study.js';
import type { QuestionResult, TrialRecord } from '../../store/trial.js';
import { summarizeStudy, type StudySummary } from '../../optimize/study-summary.js';

/** How many leaderboard configurations get a per-question drill-down. */
export const DRILLDOWN_TOP = 3;

/** One retrieved chunk of a drill-down question, with its text when the dataset could be loaded. */
export interface ReportChunk {
  ref: string;
  docId: string;
  title?: string;
  text?: string;
  /** Whether the chunk's document is one of the question's gold documents. */
  gold?: boolean;
}

export interface ReportQuestion {
  questionId: string;
  question?: string;
  references: string[];
  answer: string | null;
  scores: Record<string, number | null>;
  retrieved: ReportChunk[];
  latencyMs: number;
  costUsd: number | null;
  error?: string;
}

export interface ReportDrilldown {
  trial: TrialRecord;
  rank: number;
  score: number;
  rung: number | null;
  questions: ReportQuestion[];
}

export interface ReportEvalJob {
  job: string;
  runs: EvalHistoryRecord[];
}

/** Everything the HTML report shows, computed once; the renderers only lay it out. */
export interface ReportData {
  generatedAt: number;
  summary: StudySummary;
  createdAt: number;
  dataset: { name: string; source: string; questions: number; documents: number; fingerprint: string };
  /** The objective drawn as "quality" (first maximised objective) and its metric. */
  quality: Objective;
  /** Money spent by each finished trial (USD; null when unknown), by trial number. */
  spentUsd: Map<number, number | null>;
  drilldowns: ReportDrilldown[];
  /** Why question / chunk text is missing from the drill-down, if it is. */
  datasetNote?: string;
  evalJobs: ReportEvalJob[];
  /** Why there are no eval trends, if there are none. */
  evalNote?: string;
}

/** Picks the quality axis: the first maximised objective, else the first objective. */
export function qualityObjective(objectives: readonly Objective[]): Objective {
  return (
    objectives.find((o) => o.direction === 'max') ??
    objectives[0] ?? { name: 'quality', metric: 'f1', direction: 'max' }
  );
}

/** Value of an objective of a trial: its objective value, else the underlying metric. */
export function objectiveValue(trial: TrialRecord, objective: Objective): number | null {
  const value = trial.objectives?.[objective.name] ?? trial.metrics?.[objective.metric];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Money a trial spent: mean cost per query × questions of its highest rung (rungs are nested prefixes). */
export function trialSpentUsd(trial: TrialRecord): number | null {
  const perQuery = trial.metrics?.cost_usd_per_query;
  const questions = trial.metrics?.questions ?? Math.max(0, ...trial.rungs.map((r) => r.questions));
  if (perQuery === null || perQuery === undefined) return trial.rungs.length === 0 ? 0 : null;
  return perQuery * (questions ?? 0);
}

/** "docId:start-end" → parts; docIds may contain ':' so the last one splits. */
export function parseChunkRef(ref: string): { docId: string; start?: number; end?: number } {
  const colon = ref.lastIndexOf(':');
  if (colon < 0) return { docId: ref };
  const range = /^(\d+)-(\d+)$/.exec(ref.slice(colon + 1));
  if (!range) return { docId: ref };
  return { docId: ref.slice(0, colon), start: Number(range[1]), end: Number(range[2]) };
}

function describeQuestion(
  result: QuestionResult,
  dataset: Dataset | undefined,
  docs: Map<string, Dataset['docs'][number]>,
  items: Map<string, Dataset['questions'][number]>,
): ReportQuestion {
  const item = items.get(result.questionId);
  const gold = new Set([...(item?.gold_doc_ids ?? []), ...(item?.answer_spans ?? []).map((s) => s.doc_id)]);
  return {
    questionId: result.questionId,
    question: item?.question,
    references: item?.answers ?? [],
    answer: result.answer,
    scores: { ...result.scores },
    latencyMs: result.latencyMs,
    costUsd: result.usage.costUsd,
    error: result.error,
    retrieved: result.retrieved.map((ref) => {
      const { docId, start, end } = parseChunkRef(ref);
      const doc = docs.get(docId);
      return {
        ref,
        docId,
        title: doc?.title,
        text: doc ? (start !== undefined && end !== undefined ? doc.text.slice(start, end) : doc.text) : undefined,
        gold: dataset && gold.size ? gold.has(docId) : undefined,
      };
    }),
  };
}

export function buildReportData(options: {
  study: Study;
  dataset?: Dataset;
  datasetNote?: string;
  evalHistory?: EvalHistoryRecord[];
  evalNote?: string;
  now?: number;
}): ReportData {
  const { study, dataset } = options;
  const summary = summarizeStudy(study);
  const docs = new Map((dataset?.docs ?? []).map((d) => [d.id, d]));
  const items = new Map((dataset?.questions ?? []).map((q) => [q.id, q]));
  const drilldowns = summary.leaderboard.slice(0, DRILLDOWN_TOP).map(({ trial, score }, i) => {
    const last = trial.rungs[trial.rungs.length - 1];
    const results = last ? study.questionResults({ trialId: trial.id, rung: last.rung }) : [];
    return {
      trial,
      rank: i + 1,
      score,
      rung: last?.rung ?? null,
      questions: results.map((r) => describeQuestion(r, dataset, docs, items)),
    };
  });
  const jobs = new Map<string, EvalHistoryRecord[]>();
  for (const run of options.evalHistory ?? []) jobs.set(run.job, [...(jobs.get(run.job) ?? []), run]);
  return {
    generatedAt: options.now ?? Date.now(),
    summary,
    createdAt: study.record.createdAt,
    dataset: study.settings.dataset,
    quality: qualityObjective(summary.objectives),
    spentUsd: new Map(summary.trials.map((t) => [t.number, trialSpentUsd(t)])),
    drilldowns,
    datasetNote: options.datasetNote,
    evalJobs: [...jobs].map(([job, runs]) => ({
      job,
      runs: [...runs].sort((a, b) => a.startedAt - b.startedAt || a.id - b.id),
    })),
    evalNote: options.evalNote,
  };
}
