import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'tune-rag-tabular-'));

/** Writes `text` to a fresh CSV file in a temporary folder and returns its path. */
export function writeCsv(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export const MODELS = ['small', 'medium', 'large'];
export const SIZES = [128, 256, 512];
export const MODES = ['fast', 'exact'];

/**
 * A full grid of 3 × 3 × 2 = 18 configurations on two tasks. The score adds up per column, so
 * the optimum is known: large, 256, exact on dev (0.9) and large, 512, exact on test. A
 * "latency" column of distinct numbers plays an extra score column.
 */
export function syntheticGrid(
  options: { skip?: (row: { model: string; size: number; mode: string }) => boolean } = {},
): string {
  const lines = ['Task,Model Name,Chunk Size,Mode,score,latency'];
  let latency = 10;
  for (const task of ['dev', 'test']) {
    for (const model of MODELS) {
      for (const size of SIZES) {
        for (const mode of MODES) {
          if (options.skip?.({ model, size, mode }) && task === 'dev') continue;
          const sizeTerm =
            task === 'dev' ? { 128: 0, 256: 0.2, 512: 0.1 }[size]! : { 128: 0, 256: 0.1, 512: 0.2 }[size]!;
          const score = 0.3 * MODELS.indexOf(model) + sizeTerm + (mode === 'exact' ? 0.1 : 0);
          lines.push(`${task},${model},${size},${mode},${score.toFixed(4)},${((latency += 1.37)).toFixed(2)}`);
        }
      }
    }
  }
  return lines.join('\n') + '\n';
}
