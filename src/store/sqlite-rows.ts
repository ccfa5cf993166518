import { newTrialRecord, type QuestionResult, type RungResult, type TrialRecord, type TrialState } from './trial.js';
import type { StudyRecord, SteeringRecord } from './study-store.js';

/**
 * Row shapes of the SQLite store's tables and their mapping to the store's records. JSON columns
 * are parsed here and nowhere else; every call parses afresh, so records handed out never share
 * objects with each other (callers may mutate what they get).
 */

export interface StudyRow {
  id: number;
  name: string;
  created_at: number;
  settings: string;
  next_trial_number: number;
}

export interface TrialRow {
  id: number;
  study_id: number;
  number: number;
  state: TrialState;
  config: string;
  config_hash: string;
  proposer: string;
  rationale: string;
  objectives: string | null;
  metrics: string | null;
  error: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  worker_id: string | null;
  /** Added by schema version 4. */
  heartbeat_at: number | null;
}

export interface RungRow {
  trial_id: number;
  rung: number;
  questions: number;
  metrics: string;
  objectives: string;
  /** Added by schema version 2; NULL on rungs recorded before. */
  objective_se: string | null;
}

export interface QuestionRow {
  question_id: string;
  scores: string;
  answer: string | null;
  retrieved: string;
  latency_ms: number;
  usage: string;
  error: string | null;
}

export interface SteeringRow {
  id: number;
  study_id: number;
  at_trial: number;
  action: string;
  message: string | null;
  created_at: number;
}

/** JSON text of a JSON column; `null` stays SQL NULL rather than the text "null". */
export function toJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

export function studyFromRow(row: StudyRow): StudyRecord {
  return { id: row.id, name: row.name, createdAt: row.created_at, settings: JSON.parse(row.settings) };
}

export function rungFromRow(row: RungRow): RungResult {
  const rung: RungResult = {
    rung: row.rung,
    questions: row.questions,
    metrics: JSON.parse(row.metrics),
    objectives: JSON.parse(row.objectives),
  };
  // Optional: absent rather than null on rows written before standard errors were recorded.
  if (row.objective_se !== null && row.objective_se !== undefined) rung.objectiveSe = JSON.parse(row.objective_se);
  return rung;
}

/** A trial record from its row and its rungs (already in rung order). */
export function trialFromRow(row: TrialRow, rungs: RungResult[]): TrialRecord {
  return newTrialRecord({
    id: row.id,
    studyId: row.study_id,
    number: row.number,
    state: row.state,
    config: JSON.parse(row.config),
    configHash: row.config_hash,
    proposer: row.proposer,
    rationale: row.rationale,
    rungs,
    objectives: parseJson(row.objectives),
    metrics: parseJson(row.metrics),
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    workerId: row.worker_id,
    heartbeatAt: row.heartbeat_at,
  });
}

export function questionFromRow(row: QuestionRow): QuestionResult {
  const result: QuestionResult = {
    questionId: row.question_id,
    scores: JSON.parse(row.scores),
    answer: row.answer,
    retrieved: JSON.parse(row.retrieved),
    latencyMs: row.latency_ms,
    usage: JSON.parse(row.usage),
  };
  // `error` is optional: absent, not undefined or null, when the question succeeded.
  if (row.error !== null) result.error = row.error;
  return result;
}

export function steeringFromRow(row: SteeringRow): SteeringRecord {
  return {
    id: row.id,
    studyId: row.study_id,
    atTrial: row.at_trial,
    action: JSON.parse(row.action),
    message: row.message,
    createdAt: row.created_at,
  };
}
