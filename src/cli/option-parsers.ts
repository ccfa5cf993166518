import { InvalidArgumentError } from 'commander';

/** Commander argument parsers that reject bad values with a message naming what is expected. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive whole number, got "${value}".`);
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected a whole number >= 0, got "${value}".`);
  return n;
}

/** Collects repeated `--set key=value` flags. */
export function collectAssignment(value: string, previous: string[] = []): string[] {
  if (!/^[^=\s]+=.*$/.test(value)) throw new InvalidArgumentError(`expected key=value (e.g. chunk.size=256), got "${value}".`);
  return [...previous, value];
}
