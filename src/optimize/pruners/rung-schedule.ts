import { TuneRagError } from '../../errors.js';

/**
 * Question counts of the rungs of multi-fidelity evaluation: growing, nested prefixes of one
 * seeded question order, the last being every question. Fractions that would give fewer than
 * `minQuestions` questions (too noisy to compare) or duplicate sizes are dropped.
 */
export function planRungs(options: { questionCount: number; fractions: readonly number[]; minQuestions?: number }): number[] {
  const { questionCount, fractions } = options;
  const minQuestions = options.minQuestions ?? 10;
  for (const f of fractions) {
    if (!(f > 0 && f <= 1)) throw new TuneRagError('cli', `--rungs: ${f} is not a fraction in (0, 1]`, { hint: 'Example: --rungs 0.11,0.33,1' });
  }
  const sizes: number[] = [];
  for (const f of [...fractions].sort((a, b) => a - b)) {
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
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  const values = parts.map(Number);
  if (parts.length === 0 || values.some((v) => !Number.isFinite(v))) {
    throw new TuneRagError('cli', `--rungs "${text}": expected comma-separated fractions`, { hint: 'Example: --rungs 0.11,0.33,1' });
  }
  return values;
}
