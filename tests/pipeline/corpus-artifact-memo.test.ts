import { describe, expect, it } from 'vitest';
import { ArtifactMemo } from '../../src/pipeline/corpus-artifact-memo.js';

const MB = 2 ** 20;

describe('ArtifactMemo', () => {
  it('builds each key once while it is kept, and the same promise answers every caller', async () => {
    const memo = new ArtifactMemo({ maxEntries: 4, maxBytes: 100 * MB });
    let builds = 0;
    const make = async () => ++builds;
    const [a, b] = await Promise.all([memo.once('k', make), memo.once('k', make)]);
    expect([a, b, builds]).toEqual([1, 1, 1]);
    expect(await memo.once('k', make)).toBe(1);
  });

  it('evicts the least recently used settled artifacts once their estimated bytes pass the limit', async () => {
    const memo = new ArtifactMemo({ maxEntries: 12, maxBytes: 500 * MB });
    const sized = (mb: number) => () => mb * MB;
    await memo.once('chunks', async () => 'chunks', sized(20));
    await memo.once('vectors-a', async () => 'a', sized(300));
    await memo.once('chunks', async () => 'chunks', sized(20)); // used again: now the most recent
    expect(memo.heldBytes).toBe(320 * MB);
    await memo.once('vectors-b', async () => 'b', sized(300));
    // 620 MB > 500: the oldest (vectors-a) goes, the chunk set used since stays.
    expect([memo.has('vectors-a'), memo.has('chunks'), memo.has('vectors-b')]).toEqual([false, true, true]);
    expect(memo.heldBytes).toBe(320 * MB);
    // One artifact over the limit on its own is still kept (the next trial may need it).
    await memo.once('huge', async () => 'huge', sized(900));
    expect([memo.has('huge'), memo.size, memo.heldBytes]).toEqual([true, 1, 900 * MB]);
  });

  it('never evicts what a running trial used: the limits hold again once it ends', async () => {
    const memo = new ArtifactMemo({ maxEntries: 12, maxBytes: 500 * MB });
    const sized = (mb: number) => () => mb * MB;
    await memo.once('old', async () => 'old', sized(100));
    const end = memo.begin();
    // One trial's chunk set, vectors and index: 900 MB together, over the 500 MB limit.
    await memo.once('chunks', async () => 'chunks', sized(100));
    await memo.once('vectors', async () => 'vectors', sized(500));
    await memo.once('index', async () => 'index', sized(300));
    // Only what the trial did not use went; its own artifacts are still there for every question.
    expect(['old', 'chunks', 'vectors', 'index'].map((k) => memo.has(k))).toEqual([false, true, true, true]);
    let rebuilt = 0;
    await memo.once('vectors', async () => `again ${++rebuilt}`, sized(500));
    expect(rebuilt).toBe(0);
    end();
    // Trial over: least recently used first until 500 MB holds (the vectors, used last, stay).
    expect(['chunks', 'vectors', 'index'].map((k) => memo.has(k))).toEqual([false, true, false]);
    expect(memo.heldBytes).toBe(500 * MB);
    end(); // a second call changes nothing
    expect(memo.heldBytes).toBe(500 * MB);
  });

  it('keeps at most maxEntries, and never drops one still being built', async () => {
    const memo = new ArtifactMemo({ maxEntries: 2, maxBytes: 100 * MB });
    let release: (v: string) => void = () => {};
    const slow = memo.once('slow', () => new Promise<string>((r) => (release = r)));
    await memo.once('x', async () => 'x');
    await memo.once('y', async () => 'y');
    expect([memo.has('slow'), memo.has('x'), memo.has('y')]).toEqual([true, false, true]);
    release('done');
    expect(await slow).toBe('done');
  });

  it('does not keep a failure: the next caller builds again', async () => {
    const memo = new ArtifactMemo({ maxEntries: 4, maxBytes: 100 * MB });
    await expect(memo.once('k', async () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    await new Promise((r) => setTimeout(r, 0));
    expect(memo.has('k')).toBe(false);
    expect(await memo.once('k', async () => 'ok')).toBe('ok');
  });
});
