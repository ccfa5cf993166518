import { optionRef, TuneRagError } from '../errors.js';
import type { Constraint } from '../optimize/pareto/pick-best.js';
import type { Objective } from '../optimize/proposers/proposer.js';
import type { ComponentRegistry } from '../providers/component-registry.js';
import type { LlmSetup } from '../providers/configure-llm.js';
import type { AnswerJudge } from '../providers/judges/answer-judge.js';

/** The judge a search scores answers with, and the name its study records. */
export interface TuningJudge {
  judge: AnswerJudge;
  /** `llm:<provider:model>` for the LLM setup's judge, the registered name for a component's, else `custom`. */
  name: string;
}

/**
 * The `judge` option of a search, resolved: a registered judge's name is looked up in the
 * components (a project file's `judges`). An objective or constraint on a judge metric without a
 * judge is refused rather than left null on every trial, where it would rank nothing.
 */
export function resolveTuningJudge(options: {
  judge: AnswerJudge | string | undefined;
  components: ComponentRegistry;
  llm: LlmSetup | null;
  objectives: readonly Objective[];
  constraints: readonly Constraint[];
}): TuningJudge | undefined {
  const { judge, components, llm } = options;
  if (judge === undefined) {
    const needs =
      options.objectives.find((o) => o.metric.startsWith('judge_'))?.name ??
      options.constraints.find((c) => c.metric.startsWith('judge_'))?.metric;
    if (needs !== undefined)
      throw new TuneRagError('cli', `"${needs}" is scored by an LLM judge, and this search has none`, {
        hint: `Add ${optionRef('judge')} (with ${optionRef('llm')}); in the CLI, --judge-with NAME takes a judge your project file registers.`,
      });
    return undefined;
  }
  if (typeof judge === 'string') return { judge: components.judge(judge), name: judge };
  if (llm && judge === llm.judge) return { judge, name: `llm:${llm.client.endpoint.spec}` };
  return { judge, name: 'custom' };
}
