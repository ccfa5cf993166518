import { TuneRagError, optionRef } from '../../errors.js';

/**
 * Question counts of the rungs of multi-fidelity evaluation: growing, nested prefixes of one
 * seeded question order, the last being every question. `fractions` must be increasing fractions
 * in (0, 1] (checkRungFractions; a wrong order is the user's to fix, not to guess). Fractions that
 * would give fewer than `minQuestions` questions (too noisy to compare), or the same size as the
 * rung before on a small question set, are dropped.
 */
export function planRungs(options: {
  questionCount: number;
  fractions: readonly number[];
  minQuestions?: number;
}): number[] {
  const { questionCount, fractions } = options;
  const minQuestions = options.minQuestions ?? 10;
  checkRungFractions(fractions, fractions.join(','));
  const sizes: number[] = [];
  for (const f of fractions) {
    const size = Math.min(questionCount, Math.max(1, Math.round(f * questionCount)));
    if (size < minQuestions && size < questionCount) continue;
    if (sizes.length && sizes[sizes.length - 1] >= size) continue;
    sizes.push(size);
  }
  if (sizes[sizes.length - 1] !== questionCount) sizes.push(questionCount);
  return sizes;
}

/** `--rungs 0.11,0.33,1` → fractions. */
export function parseRungFractions(text: string): number[] {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const values = parts.map(Number);
  if (parts.length === 0 || values.some((v) => !Number.isFinite(v))) {
    throw new TuneRagError('cli', `${optionRef('rungs')} "${text}": expected comma-separated fractions`, {
      hint: `Example: ${optionRef('rungs')} 0.11,0.33,1`,
    });
  }
  checkRungFractions(values, text);
  return values;
}

/**
 * Rung fractions are each in (0, 1] and strictly increasing: rungs are growing prefixes, so a
 * fraction out of order or listed twice is a typo, reported with both values rather than
 * silently sorted or dropped. `text` is the flag's value as typed, for the message.
 */
export function checkRungFractions(fractions: readonly number[], text: string): void {
  fractions.forEach((f, i) => {
    if (!(f > 0 && f <= 1))
      throw new TuneRagError('cli', `${optionRef('rungs')}: ${f} is not a fraction in (0, 1]`, {
        hint: `Example: ${optionRef('rungs')} 0.11,0.33,1`,
      });
    const previous = fractions[i - 1];
    if (i === 0 || f > previous) return;
    const problem = f === previous ? `${f} is listed twice` : `${f} comes after ${previous}; rungs must grow`;
    throw new TuneRagError('cli', `${optionRef('rungs')} "${text}": ${problem}`, {
      hint: `List each fraction once, in increasing order, e.g. ${optionRef('rungs')} ${[...new Set(fractions)].sort((a, b) => a - b).join(',')}`,
    });
  });
}
