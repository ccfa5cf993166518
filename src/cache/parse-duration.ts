/** Milliseconds of the units of `--older-than`: seconds to weeks. */
const UNITS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Milliseconds of a duration written like `7d`, `12h`, `30min`, `1.5w` (units s, m or min, h,
 * d, w; case-insensitive; a unit is required). Returns null for anything else.
 */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(text);
  if (!match) return null;
  const unit = UNITS[(match[2] as string).toLowerCase()];
  return unit === undefined ? null : Math.round(Number(match[1]) * unit);
}
