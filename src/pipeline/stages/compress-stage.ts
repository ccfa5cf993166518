import { ZERO_USAGE } from '../../accounting/usage.js';
import { analyzeQuestion } from '../../providers/local/question-analysis.js';
import { rankSentences } from '../../providers/local/sentence-ranking.js';
import type { Passage, QuestionStage } from '../question-stage.js';
import { currentPassages } from './current-passages.js';
import { switchOff } from './switch-off.js';

/**
 * Extractive compression (`context.compress: sentences`): keeps the `compress.keep` fraction
 * (rounded up, at least one) of each passage's sentences that the extractive answerer's sentence
 * scoring ranks highest for the question, in their original order, joined by a space. The
 * passage's offsets become the span from its first to its last kept sentence, so a gold span
 * outside what was kept no longer counts as seen (one inside a dropped middle sentence still does).
 */
export const compressStage: QuestionStage<Passage[]> = {
  name: 'compress',
  version: '1',
  reads: ['context.compress', 'compress.keep', 'top_k'],
  passesThrough: switchOff('context.compress'),
  async run(state, { config, keys, artifacts }) {
    const { chunks } = await artifacts.chunks(config, keys);
    const keep = config['compress.keep'];
    if (keep === undefined) throw new Error('context.compress needs "compress.keep"');
    const passages = currentPassages(state, chunks, config.top_k);
    const compressed = compressPassages({ passages, question: state.item.question, keep });
    return { value: compressed, usage: ZERO_USAGE };
  },
  apply: (state, passages) => ({ ...state, passages }),
};

/**
 * Each passage cut to the `keep` fraction (rounded up, at least one) of its sentences that the
 * extractive answerer ranks highest for `question`, in their original order, its offsets the
 * span from the first to the last kept one. Shared by the compress stage and the LangChain
 * sentence compressor.
 */
export function compressPassages(options: { passages: readonly Passage[]; question: string; keep: number }): Passage[] {
  const { passages, keep } = options;
  const ranked = rankSentences({ question: analyzeQuestion(options.question), contexts: passages });
  return passages.map((passage, contextIndex) => {
    const sentences = ranked.filter((s) => s.contextIndex === contextIndex);
    if (sentences.length === 0) return passage;
    const kept = sentences.slice(0, Math.max(1, Math.ceil(keep * sentences.length)));
    kept.sort((a, b) => a.start - b.start);
    return {
      ...passage,
      start: passage.start + kept[0].start,
      end: passage.start + kept[kept.length - 1].end,
      text: kept.map((s) => s.text).join(' '),
    };
  });
}
