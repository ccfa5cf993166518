import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileChecked, type WriteFs } from '../../src/cache/checked-write.js';
import { isTuneRagError, type TuneRagError } from '../../src/errors.js';
import { DenseIndex } from '../../src/retrieval/dense-index.js';
import { hnswFileProblem } from '../../src/retrieval/hnsw-file-check.js';
import { tempDir } from './cache-fixture.js';
import { cliText } from '../support/cli-text.js';

/** Real fs calls, except that after `room` bytes every write fails with `failure`, as on a full disk. */
function fullDisk(room: number, failure: 'ENOSPC' | 'EDQUOT' | 'zero'): WriteFs {
  let used = 0;
  return {
    ...fs,
    writeSync: ((fd: number, data: Uint8Array, offset: number, length: number) => {
      if (used >= room) {
        if (failure === 'zero') return 0;
        throw Object.assign(new Error(`${failure}: no space left on device, write`), { code: failure });
      }
      const n = fs.writeSync(fd, data, offset, Math.min(length, room - used));
      used += n;
      return n;
    }) as WriteFs['writeSync'],
  };
}

function caught(run: () => void): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the write to fail');
}

describe('checked cache writes', () => {
  it.each(['ENOSPC', 'EDQUOT', 'zero'] as const)(
    'a write that runs out of room (%s) fails naming the path, the bytes and the fix, and leaves nothing torn',
    (failure) => {
      const dir = tempDir('faults-write-');
      const path = join(dir, 'value.bin');
      fs.writeFileSync(path, 'previous complete value');
      const error = caught(() => writeFileChecked({ path, data: Buffer.alloc(5000, 1), fs: fullDisk(1000, failure) }));
      expect(isTuneRagError(error)).toBe(true);
      expect(error.message).toMatch(new RegExp(`^no space left to write ${path} \\(needed 5\\.0 kB\\): `));
      expect(cliText(error as TuneRagError).hint).toContain('--cache-dir');
      // The old value is intact and no temp file is left behind.
      expect(fs.readFileSync(path, 'utf8')).toBe('previous complete value');
      expect(fs.readdirSync(dir)).toEqual(['value.bin']);
    },
  );

  it('a write with room is complete and atomic', () => {
    const dir = tempDir('faults-write-ok-');
    const path = join(dir, 'value.bin');
    writeFileChecked({ path, data: Buffer.alloc(5000, 7), fs: fullDisk(10_000, 'ENOSPC') });
    expect(fs.readFileSync(path).equals(Buffer.alloc(5000, 7))).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['value.bin']);
  });

  it('an HNSW file cut short is recognised from its own header (hnswlib writes ignore a full disk)', () => {
    const dir = tempDir('faults-hnsw-');
    const path = join(dir, 'i.hnsw');
    const vectors = Array.from({ length: 50 }, (_, i) => Float32Array.from({ length: 8 }, (_, d) => Math.sin(i + d)));
    const saved = DenseIndex.build({ vectors, dimensions: 8, seed: 1 }).saveChecked(path);
    expect(hnswFileProblem(path)).toBeNull();
    expect(saved.bytes).toBe(fs.statSync(path).size);
    fs.truncateSync(path, saved.bytes - 1);
    // The last element has no upper-layer links: the cut falls in its 4-byte link count.
    expect(hnswFileProblem(path)).toBe(`${saved.bytes - 1} bytes, truncated at element 49 of 50`);
    fs.truncateSync(path, 96 + 10);
    expect(hnswFileProblem(path)).toBe('106 bytes, truncated at element 0 of 50');
    fs.truncateSync(path, 40);
    expect(hnswFileProblem(path)).toBe('40 bytes, shorter than the 96-byte header');
  });
});
