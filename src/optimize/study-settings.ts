import { z } from 'zod';
import { DEFAULT_MAX_FAILURE_RATE } from './failure-limit.js';
import { QualityMetricChoiceSchema } from '../metrics/quality-metric.js';
import { TrivialAnswersSchema } from '../metrics/trivial-answers.js';
import { ConstraintSchema } from './pareto/pick-best.js';
import { DEFAULT_PRUNER } from './pruners/pruner.js';

/**
 * What a study records when it starts, so that `--resume` continues the same search and a
 * result can be reproduced: the dataset's fingerprint, the completed space, objectives, seed,
 * fidelity schedule and pruner, proposer and tool versions.
 */
export const StudySettingsSchema = z.object({
  dataset: z.object({
    name: z.string(),
    source: z.string(),
    fingerprint: z.string(),
    questions: z.number(),
    documents: z.number(),
  }),
  space: z.unknown(),
  spaceHash: z.string(),
  objectives: z.array(z.object({ name: z.string(), metric: z.string(), direction: z.enum(['max', 'min']) })),
  weights: z.record(z.string(), z.number()),
  constraints: z.array(ConstraintSchema),
  seed: z.number(),
  budget: z.number(),
  proposer: z.string(),
  /** Question counts of each rung, last = all questions evaluated; one rung = no multi-fidelity. */
  rungs: z.array(z.number()),
  eta: z.number(),
  /**
   * Which pruner decides between rungs (see createPruner); `resume` uses it. Studies written
   * before pruners were pluggable were successive halving.
   */
  pruner: z.string().default(DEFAULT_PRUNER),
  /**
   * A trial whose share of failed questions exceeds this (at any rung) is failed, not ranked.
   * Studies written before the setting existed read the default.
   */
  maxFailureRate: z.number().min(0).max(1).default(DEFAULT_MAX_FAILURE_RATE),
  baseline: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  versions: z.record(z.string(), z.string()),
  /** Why the quality objective uses its metric (absent in studies started before the rule). */
  quality: QualityMetricChoiceSchema.optional(),
  /** Trivial answers scored on the first rung's questions when the study started (absent in older studies). */
  trivialAnswers: TrivialAnswersSchema.optional(),
});
export type StudySettings = z.infer<typeof StudySettingsSchema>;

/** Builds a study's settings from what the caller decided (the CLI, benchmarks, tests). */
/** What study settings record of a dataset: enough to refuse a different one on resume or join. */
export function studyDatasetOf(dataset: {
  name: string;
  source: string;
  fingerprint: string;
  docs: readonly unknown[];
}) {
  return {
    name: dataset.name,
    source: dataset.source,
    fingerprint: dataset.fingerprint,
    documents: dataset.docs.length,
  };
}

export function makeStudySettings(options: {
  dataset: { name: string; source: string; fingerprint: string; documents: number };
  questionCount: number;
  space: unknown;
  spaceHash: string;
  objectives: StudySettings['objectives'];
  weights: StudySettings['weights'];
  constraints: StudySettings['constraints'];
  seed: number;
  budget: number;
  proposer: string;
  rungs: number[];
  eta: number;
  /** Default DEFAULT_PRUNER (successive-halving). */
  pruner?: string;
  /** Default DEFAULT_MAX_FAILURE_RATE (20%). */
  maxFailureRate?: number;
  baseline: StudySettings['baseline'];
  versions: StudySettings['versions'];
  quality?: StudySettings['quality'];
  trivialAnswers?: StudySettings['trivialAnswers'];
}): StudySettings {
  const { dataset, questionCount, maxFailureRate, pruner, quality, trivialAnswers, ...rest } = options;
  // Optional members are left out rather than stored as undefined, so older settings compare equal.
  return {
    ...rest,
    pruner: pruner ?? DEFAULT_PRUNER,
    maxFailureRate: maxFailureRate ?? DEFAULT_MAX_FAILURE_RATE,
    dataset: { ...dataset, questions: questionCount },
    ...(quality ? { quality } : {}),
    ...(trivialAnswers ? { trivialAnswers } : {}),
  };
}
