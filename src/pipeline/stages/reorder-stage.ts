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
    const byRank = currentPassages(state, chunks, config.top_k).sort((a, b) => a.rank - b.rank);
    return { value: longContextOrder(byRank), usage: ZERO_USAGE };
  },
  apply: (state, passages) => ({ ...state, passages }),
};
