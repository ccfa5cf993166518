import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSteerFile } from '../../src/chat/steer-file.js';

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'steer-')), 'steer.txt');
  writeFileSync(path, text);
  return path;
}

describe('steer files', () => {
  it('read one message per line with optional @N, skipping blanks and comments', async () => {
    const path = file(
      '# a comment\n/pin reranker=none\n\n@3 /exclude generator=extractive-sentence\n@3   latency matters more\n@10 /stop\n',
    );
    expect(await readSteerFile(path)).toEqual([
      { afterTrials: 0, text: '/pin reranker=none', source: `${path}:2` },
      { afterTrials: 3, text: '/exclude generator=extractive-sentence', source: `${path}:4` },
      { afterTrials: 3, text: 'latency matters more', source: `${path}:5` },
      { afterTrials: 10, text: '/stop', source: `${path}:6` },
    ]);
  });

  it('name the line of a bad @N, an empty message or out-of-order counts', async () => {
    await expect(readSteerFile(file('/status\n@x /pin a=b\n'))).rejects.toThrow(
      /steer\.txt:2: "@x" is not a trial count/,
    );
    await expect(readSteerFile(file('@4\n'))).rejects.toThrow(/steer\.txt:1: @4 has no message/);
    await expect(readSteerFile(file('@5 /status\n@2 /pareto\n'))).rejects.toThrow(/steer\.txt:2: @2 comes after @5/);
    await expect(readSteerFile('/nonexistent/steer.txt')).rejects.toThrow(/file not found/);
  });
});
