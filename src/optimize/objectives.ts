import { TuneRagError, optionRef } from '../errors.js';
import type { MetricsSummary } from '../metrics/summarize-metrics.js';
import { didYouMean } from '../names/suggest-name.js';
import type { Constraint } from './pareto/pick-best.js';
import type { Objective } from './proposers/proposer.js';
import type { ObjectiveValues } from '../store/trial.js';

/**
 * The objectives a study can optimise, by name. Quality is an answer metric chosen per dataset
 * when a study starts (`f1` here is the placeholder the rule in quality-metric.ts replaces:
 * SQuAD F1 for short answers, content F1 for long-form ones); `judge` is the LLM judge's
 * correctness. Retrieval, `mrr` and `ndcg` judge the chunks that entered the generator's context
 * (after rerank and packing); `recall_at_k` judges the whole top k. Latency and cost are per
 * query, as recorded when first computed.
 */
export const KNOWN_OBJECTIVES: Readonly<Record<string, Objective>> = {
  quality: { name: 'quality', metric: 'f1', direction: 'max' },
  retrieval: { name: 'retrieval', metric: 'recall_at_context', direction: 'max' },
  latency: { name: 'latency', metric: 'latency_p95_ms', direction: 'min' },
  cost: { name: 'cost', metric: 'cost_usd_per_query', direction: 'min' },
  exact_match: { name: 'exact_match', metric: 'exact_match', direction: 'max' },
  f1: { name: 'f1', metric: 'f1', direction: 'max' },
  content_f1: { name: 'content_f1', metric: 'content_f1', direction: 'max' },
  content_rouge_l: { name: 'content_rouge_l', metric: 'content_rouge_l', direction: 'max' },
  recall_at_k: { name: 'recall_at_k', metric: 'recall_at_k', direction: 'max' },
  mrr: { name: 'mrr', metric: 'mrr_at_context', direction: 'max' },
  ndcg: { name: 'ndcg', metric: 'ndcg_at_context', direction: 'max' },
  faithfulness: { name: 'faithfulness', metric: 'faithfulness', direction: 'max' },
  index_build: { name: 'index_build', metric: 'index_build_ms', direction: 'min' },
  judge: { name: 'judge', metric: 'judge_correctness', direction: 'max' },
};

export const DEFAULT_OBJECTIVE_NAMES = ['quality', 'retrieval', 'latency', 'cost'];

/** Answer quality matters most; latency and cost break ties between similar pipelines. */
export const DEFAULT_WEIGHTS: Readonly<Record<string, number>> = {
  quality: 0.7,
  retrieval: 0.2,
  latency: 0.05,
  cost: 0.05,
};

/** `--objectives quality,latency` → objectives; unknown names are an error with a suggestion. */
export function parseObjectives(list: string): Objective[] {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0)
    throw new TuneRagError('cli', `${optionRef('objectives')} needs at least one name`, {
      hint: `Choose from ${Object.keys(KNOWN_OBJECTIVES).join(', ')}.`,
    });
  return names.map((name) => {
    const objective = KNOWN_OBJECTIVES[name];
    if (!objective) {
      throw new TuneRagError(
        'cli',
        `${optionRef('objectives')}: unknown objective "${name}".${didYouMean(name, Object.keys(KNOWN_OBJECTIVES))}`,
        { hint: `Known objectives: ${Object.keys(KNOWN_OBJECTIVES).join(', ')}.` },
      );
    }
    return objective;
  });
}

/** `--weights quality=0.7,latency=0.2` → weights by objective name (each must be an objective in use, at least one above 0). */
export function parseWeights(list: string, objectives: readonly Objective[]): Record<string, number> {
  const weights: Record<string, number> = {};
  const names = objectives.map((o) => o.name);
  for (const part of list.split(/[,\s]+/).filter(Boolean)) {
    const match = /^([a-z_]+)=([0-9]*\.?[0-9]+)$/.exec(part);
    if (!match)
      throw new TuneRagError('cli', `${optionRef('weights')}: "${part}" is not name=number`, {
        hint: `Example: ${optionRef('weights')} quality=0.7,latency=0.2,cost=0.1`,
      });
    if (!names.includes(match[1])) {
      throw new TuneRagError(
        'cli',
        `${optionRef('weights')}: "${match[1]}" is not one of the objectives (${names.join(', ')}).${didYouMean(match[1], names)}`,
        { hint: `Add it with ${optionRef('objectives')}, or weight an objective in use.` },
      );
    }
    weights[match[1]] = Number(match[2]);
  }
  // Objectives left out weigh 0 once any weight is given (objective-score.ts): if all are 0,
  // no configuration could rank above another, and the scorer would silently weigh them equally.
  if (!names.some((name) => (weights[name] ?? 0) > 0)) {
    const given =
      Object.keys(weights).length === 0
        ? 'no weight is given'
        : `every objective weighs 0 (${names.map((name) => `${name}=${weights[name] ?? 0}`).join(', ')})`;
    throw new TuneRagError(
      'cli',
      `${optionRef('weights')} "${list}": ${given}, so no configuration could rank above another`,
      {
        hint: `Give at least one objective a weight above 0, e.g. ${optionRef('weights')} ${names[0]}=1 (objectives left out weigh 0).`,
      },
    );
  }
  return weights;
}

/** `--constraint "latency_p95_ms<800"` → a constraint over a metric name. */
export function parseConstraint(text: string, knownMetrics: readonly string[]): Constraint {
  const match = /^\s*([a-z0-9_]+)\s*(<=|>=|<|>)\s*(-?[0-9]*\.?[0-9]+(?:e-?[0-9]+)?)\s*$/i.exec(text);
  if (!match)
    throw new TuneRagError('cli', `${optionRef('constraint')} "${text}": expected METRIC<VALUE (or <=, >, >=)`, {
      hint: `Example: ${optionRef('constraint')} "latency_p95_ms<800" ${optionRef('constraint')} "cost_usd_per_query<0.002"`,
    });
  const metric = match[1];
  if (!knownMetrics.includes(metric) && !/^stage_.+_p50_ms$/.test(metric)) {
    throw new TuneRagError(
      'cli',
      `${optionRef('constraint')} "${text}": unknown metric "${metric}".${didYouMean(metric, knownMetrics)}`,
      { hint: `Metrics: ${knownMetrics.join(', ')}` },
    );
  }
  return { metric, op: match[2] as Constraint['op'], value: Number(match[3]) };
}

/** Objective values of a trial's metrics; a metric the run did not produce is null (unknown). */
export function objectiveValuesOf(metrics: MetricsSummary, objectives: readonly Objective[]): ObjectiveValues {
  return Object.fromEntries(objectives.map((o) => [o.name, metrics[o.metric] ?? null]));
}
