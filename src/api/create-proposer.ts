import type { Proposer } from '../optimize/proposers/proposer.js';
import type { LlmSetup } from '../providers/configure-llm.js';
import type { Config } from '../space/parameter-schema.js';
import { openWorkspace } from '../workspace/workspace.js';
import { resolveProposer } from './resolve-proposer.js';

/** Options of `createProposer`. */
export interface CreateProposerOptions {
  /** `auto`, `random`, `grid`, `tpe`, `greedy`, or `llm` (the LLM agent, needs `llm`). */
  name: string;
  /** The study's trial budget, which auto and the agent plan with (default 30). */
  budget?: number;
  /** Where greedy and auto start (default: the baseline configuration, pipelines/baseline.json). */
  start?: Config;
  /** With an LLM, `auto` and `llm` are the agent, falling back to auto for rejected proposals. */
  llm?: LlmSetup | null;
}

/**
 * A builtin proposer, or the LLM agent, by name; pass it as `proposer` to `tune`. A Proposer
 * of your own is any object with a `name` and a `propose(request)` returning configurations.
 *
 * @throws TuneRagError naming the `proposer` option for an unknown name, or `llm` without an LLM.
 */
export function createProposer(options: CreateProposerOptions): Proposer {
  const start = options.start ?? openWorkspace({ cwd: process.cwd() }).baseline;
  return resolveProposer({
    name: options.name,
    baseline: start,
    budget: options.budget ?? 30,
    llm: options.llm ?? null,
  });
}
