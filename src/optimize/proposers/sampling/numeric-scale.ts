import type { FloatParam, IntParam, Param } from '../../../space/parameter-schema.js';

/** An int or float parameter: the ones with a range rather than a list of values. */
export type NumericParam = IntParam | FloatParam;

/** Float values without a `step` are rounded to this many significant digits. */
const SIGNIFICANT_DIGITS = 4;

export function isNumericParam(param: Param): param is NumericParam {
  return param.type === 'int' || param.type === 'float';
}

/** The quantum a numeric parameter moves in: its `step`, 1 for ints, undefined for a free float. */
export function stepOf(param: NumericParam): number | undefined {
  return param.step ?? (param.type === 'int' ? 1 : undefined);
}

/** Maps a value onto the scale proposers search in: natural log for `log` parameters, identity otherwise. */
export function toScale(param: NumericParam, value: number): number {
  return param.log ? Math.log(value) : value;
}

/** Inverse of {@link toScale}. */
export function fromScale(param: NumericParam, x: number): number {
  return param.log ? Math.exp(x) : x;
}

/**
 * The range, on the search scale, that sampling covers. Stepped parameters are widened by half a
 * step on each side so that both endpoints own a full rounding bin (as Optuna does); otherwise
 * `low` and `high` would be drawn half as often as interior values.
 */
export function scaleBounds(param: NumericParam): { low: number; high: number } {
  const step = stepOf(param);
  if (step === undefined || param.low === param.high)
    return { low: toScale(param, param.low), high: toScale(param, param.high) };
  const half = step / 2;
  // A log range cannot extend to zero or below; half of `low` is wide enough for its first bin.
  const lowEdge = param.log ? Math.max(param.low - half, param.low / 2) : param.low - half;
  return { low: toScale(param, lowEdge), high: toScale(param, param.high + half) };
}

/**
 * Turns any number into a valid value of `param`: clamped to [low, high], snapped to the step
 * grid (integers for int), free floats rounded to 4 significant digits. Finer differences are
 * noise for a RAG pipeline and would clutter reports and LLM prompts.
 */
export function snapValue(param: NumericParam, value: number): number {
  const clamp = (v: number) => Math.min(param.high, Math.max(param.low, v));
  const v = clamp(Number.isFinite(value) ? value : param.low);
  const step = stepOf(param);
  if (step !== undefined) {
    // toPrecision(12) removes binary noise (3 * 0.1 = 0.30000000000000004) before comparing with high.
    const onGrid = (k: number) =>
      param.type === 'int' ? Math.round(param.low + k * step) : Number((param.low + k * step).toPrecision(12));
    const k = Math.round((v - param.low) / step);
    return onGrid(k) > param.high ? onGrid(k - 1) : onGrid(k);
  }
  return clamp(Number(v.toPrecision(SIGNIFICANT_DIGITS)));
}
