import type { Dataset } from '../data/dataset-schema.js';
import { optionRef, TuneRagError } from '../errors.js';
import { didYouMean } from '../names/suggest-name.js';
import { createLlmAgentProposer } from '../optimize/proposers/agent/llm-agent-proposer.js';
import {
  BUILTIN_PROPOSERS,
  createBuiltinProposer,
  type BuiltinProposerName,
} from '../optimize/proposers/builtin-proposers.js';
import type { Proposer } from '../optimize/proposers/proposer.js';
import type { LlmSetup } from '../providers/configure-llm.js';
import type { Config } from '../space/parameter-schema.js';
import type { TrialRecord } from '../store/trial.js';

/** Names `createProposer` and `tune` accept: the builtin proposers and `llm`, the LLM agent. */
export const PROPOSER_NAMES: readonly string[] = [...BUILTIN_PROPOSERS, 'llm'];

/** Throws a TuneRagError naming the `proposer` option for an unknown name, or `llm` without an LLM. */
export function checkProposerName(options: { name: string; llm: LlmSetup | null }): void {
  if (options.name === 'llm' && !options.llm) {
    throw new TuneRagError('cli', `${optionRef('proposer')} llm needs ${optionRef('llm')}`, {
      hint: `add e.g. ${optionRef('llm')} openai:gpt-4o-mini (or OPENAI_BASE_URL for a compatible server)`,
    });
  }
  if (!PROPOSER_NAMES.includes(options.name)) {
    throw new TuneRagError(
      'cli',
      `${optionRef('proposer')}: unknown proposer "${options.name}".${didYouMean(options.name, PROPOSER_NAMES)}`,
      { hint: `Available: ${PROPOSER_NAMES.join(', ')}` },
    );
  }
}

/**
 * The proposer of a run. With an LLM configured, `auto` and `llm` both mean the agent proposer,
 * with the built-in `auto` strategy as its fallback for rejected proposals and LLM errors.
 */
export function resolveProposer(options: {
  name: string;
  /** Where greedy and auto start: the baseline configuration. */
  baseline: Config;
  budget: number;
  llm: LlmSetup | null;
  dataset?: Dataset;
  failureAnalysis?: (best: TrialRecord) => string | null;
  steeringNotes?: () => string[];
}): Proposer {
  const { baseline, budget, llm, dataset } = options;
  checkProposerName({ name: options.name, llm });
  const builtin = (name: BuiltinProposerName) =>
    createBuiltinProposer({ name, greedy: { start: baseline }, auto: { start: baseline, budget } });
  if (llm && (options.name === 'llm' || options.name === 'auto')) {
    return createLlmAgentProposer({
      client: llm.client,
      fallback: builtin('auto'),
      budget,
      failureAnalysis: options.failureAnalysis,
      steeringNotes: options.steeringNotes,
      datasetSummary:
        dataset &&
        `${dataset.name}: ${dataset.docs.length} documents, ${dataset.questions.length} questions (${dataset.format} format)${dataset.hasAnswers ? '' : ', no reference answers'}`,
    });
  }
  return builtin(options.name as BuiltinProposerName);
}
