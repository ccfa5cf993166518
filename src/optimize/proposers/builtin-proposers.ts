import { createAutoProposer, type AutoProposerOptions } from './auto/auto-proposer.js';
import { createGreedyProposer, type GreedyProposerOptions } from './greedy/greedy-proposer.js';
import { createGridProposer, type GridProposerOptions } from './grid-proposer.js';
import type { Proposer } from './proposer.js';
import { createRandomProposer, type RandomProposerOptions } from './random-proposer.js';
import { createTpeProposer, type TpeProposerOptions } from './tpe/tpe-proposer.js';

/** Names of the proposers that need no LLM, as accepted by `--proposer`. */
export const BUILTIN_PROPOSERS = ['random', 'grid', 'tpe', 'greedy', 'auto'] as const;
export type BuiltinProposerName = (typeof BUILTIN_PROPOSERS)[number];

/** Per-proposer options; each member only affects the proposer of that name. */
export interface BuiltinProposerOptions {
  random?: RandomProposerOptions;
  grid?: GridProposerOptions;
  tpe?: TpeProposerOptions;
  greedy?: GreedyProposerOptions;
  auto?: AutoProposerOptions;
}

/** Creates a built-in proposer by name (the CLI and the study's "auto" strategy call this). */
export function createBuiltinProposer(options: { name: BuiltinProposerName } & BuiltinProposerOptions): Proposer {
  switch (options.name) {
    case 'random':
      return createRandomProposer(options.random);
    case 'grid':
      return createGridProposer(options.grid);
    case 'tpe':
      return createTpeProposer(options.tpe);
    case 'greedy':
      return createGreedyProposer(options.greedy);
    case 'auto':
      return createAutoProposer(options.auto);
  }
}
