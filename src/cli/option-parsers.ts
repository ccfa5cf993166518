import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../cache/parse-duration.js';
import { parseByteSize } from '../cache/parse-size.js';

/** Commander argument parsers that reject bad values with a message naming what is expected. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError(`expected a positive whole number, got "${value}".`);
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError(`expected a whole number >= 0, got "${value}".`);
  return n;
}

/** A share in [0, 1], written as a fraction (0.2) or a percentage (20%). */
export function shareOrPercent(value: string): number {
  const text = value.trim();
  const percent = text.endsWith('%');
  const n = Number(percent ? text.slice(0, -1) : text);
  const share = percent ? n / 100 : n;
  if (text === '' || text === '%' || !Number.isFinite(share) || share < 0 || share > 1) {
    throw new InvalidArgumentError(
      `expected a share between 0 and 1 (e.g. 0.2) or a percentage (e.g. 20%), got "${value}".`,
    );
  }
  return share;
}

/** Collects repeated `--set key=value` flags. */
export function collectAssignment(value: string, previous: string[] = []): string[] {
  if (!/^[^=\s]+=.*$/.test(value))
    throw new InvalidArgumentError(`expected key=value (e.g. chunk.size=256), got "${value}".`);
  return [...previous, value];
}

/** `--max-size`: a size such as 500MB, 2GB or 800MiB (see parseByteSize). */
export function byteSize(value: string): number {
  const bytes = parseByteSize(value);
  if (bytes === null)
    throw new InvalidArgumentError(
      `expected a size such as 500MB, 2GB or 800MiB (units B, kB, MB, GB, TB, KiB, MiB, GiB, TiB), got "${value}".`,
    );
  return bytes;
}

/** A duration flag (`--older-than 7d`): milliseconds. */
export function duration(value: string): number {
  const ms = parseDuration(value);
  if (ms === null)
    throw new InvalidArgumentError(
      `expected a duration such as 7d, 12h or 30min (units s, min, h, d, w), got "${value}".`,
    );
  return ms;
}
