/** Multipliers of `--max-size` units: decimal (kB, MB, GB, TB, as `df -H`) and binary (KiB, MiB, GiB, TiB). */
const UNITS: Record<string, number> = {
  b: 1,
  '': 1,
  kb: 1e3,
  k: 1e3,
  mb: 1e6,
  m: 1e6,
  gb: 1e9,
  g: 1e9,
  tb: 1e12,
  t: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/**
 * Bytes of a size written like `500MB`, `1.5 GB`, `800MiB` or `1000000` (plain bytes); units are
 * case-insensitive. Returns null for anything else (negative, no number, an unknown unit).
 */
export function parseByteSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) return null;
  const unit = UNITS[match[2].toLowerCase()];
  if (unit === undefined) return null;
  return Math.round(Number(match[1]) * unit);
}
