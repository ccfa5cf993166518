import { InvalidArgumentError } from 'commander';
import { QUESTION_SCORE_KEYS } from '../metrics/score-question.js';
import { didYouMean } from '../names/suggest-name.js';

/** Collects `--metric f1 --metric mrr` and `--metric f1,mrr`, rejecting unknown metric names. */
export function collectMetric(value: string, previous: string[] = []): string[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) throw new InvalidArgumentError(`expected a metric name, got "${value}".`);
  for (const name of names) {
    if (!(QUESTION_SCORE_KEYS as readonly string[]).includes(name)) {
      throw new InvalidArgumentError(
        `unknown metric "${name}".${didYouMean(name, QUESTION_SCORE_KEYS)} Per-question metrics: ${QUESTION_SCORE_KEYS.join(', ')}.`,
      );
    }
  }
  return [...new Set([...previous, ...names])];
}

/** `--max-drop`: a tolerated drop in the metrics' units, which are in [0, 1]. */
export function maxDropValue(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError(`expected a number between 0 and 1 (e.g. 0.02), got "${value}".`);
  return n;
}
