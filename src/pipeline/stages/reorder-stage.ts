import { ZERO_USAGE } from '../../accounting/usage.js';
import type { Passage, QuestionStage } from '../question-stage.js';
import { currentPassages } from './current-passages.js';
import { longContextOrder } from './long-context-order.js';
import { switchOff } from './switch-off.js';

/**
 * Orders the passages in the prompt (`context.order: ends`, see longContextOrder). Only the
 * order changes: which passages fit the context budget is still decided by rank (generate stage).
 */
export const reorderStage: QuestionStage<Passage[]> = {
  name: 'reorder',
  version: '1',
  reads: ['context.order', 'top_k'],
  passesThrough: switchOff('context.order'),
  async run(state, { config, keys, artifacts }) {
    const { chunks } = await artifacts.chunks(config, keys);
    return { value: reorderPassages(currentPassages(state, chunks, config.top_k)), usage: ZERO_USAGE };
  },
  apply: (state, passages) => ({ ...state, passages }),
};

/** The passages by rank, then in long-context order (shared by the reorder stage and its LangChain transformer). */
export function reorderPassages(passages: readonly Passage[]): Passage[] {
  return longContextOrder([...passages].sort((a, b) => a.rank - b.rank));
}
