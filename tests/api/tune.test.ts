import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createComponents,
  openStudy,
  tune,
  TuneRagError,
  type LlmSetup,
  type TrialRecord,
  type TuneOptions,
} from '../../src/index.js';
import { tinyDataset } from '../support/tiny-dataset.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tune-rag-api-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A small search on the tiny dataset: every trial on all 8 questions, one proposal at a time. */
const options = (cwd: string): TuneOptions => ({
  dataset: tinyDataset,
  cwd,
  budget: 4,
  proposer: 'random',
  seed: 3,
  fidelity: false,
  study: 'lib',
});

describe('tune() through the library', () => {
  it('runs the budget and fires every event with exact counts', async () => {
    const cwd = tempDir();
    const started: number[] = [];
    const ended: TrialRecord[] = [];
    const proposed: number[] = [];
    const result = await tune({
      ...options(cwd),
      events: {
        onTrialStart: (t) => started.push(t.number),
        onTrialEnd: (t) => ended.push(t),
        onProposed: (added) => proposed.push(added.length),
      },
    });
    expect(started).toEqual([0, 1, 2, 3]);
    expect(ended.map((t) => [t.number, t.state])).toEqual([
      [0, 'complete'],
      [1, 'complete'],
      [2, 'complete'],
      [3, 'complete'],
    ]);
    // The baseline (#0) is enqueued when the study is created; the proposer adds one per round.
    expect(proposed).toEqual([1, 1, 1]);
    expect(result).toMatchObject({ studyName: 'lib', resumed: false, opening: 'created', aborted: false });
    expect(result.study.counts.complete).toBe(4);
    expect(result.study.trials).toHaveLength(4);
    expect(result.study.best).toBeDefined();
    expect(result.outDir).toBe(join(cwd, '.tune-rag', 'studies', 'lib'));

    const stored = openStudy({ name: 'lib', cwd });
    expect(stored.trials.map((t) => t.number)).toEqual([0, 1, 2, 3]);
    expect(stored.summary.best?.number).toBe(result.study.best?.number);
    expect(() => openStudy({ name: 'lb', cwd })).toThrow(
      /^name: no study "lb" in \S+tune-rag\.db\. Did you mean "lib"\?$/,
    );
  });

  it('an aborted signal stops the search, and resume finishes it without redoing a trial', async () => {
    const cwd = tempDir();
    const controller = new AbortController();
    let endedFirst = 0;
    const first = await tune({
      ...options(cwd),
      signal: controller.signal,
      events: { onTrialEnd: () => (++endedFirst === 2 ? controller.abort() : undefined) },
    });
    expect(first.aborted).toBe(true);
    expect(first.study.counts.complete).toBe(2);
    expect(first.study.trials.filter((t) => t.state === 'complete').map((t) => t.number)).toEqual([0, 1]);

    const ended: number[] = [];
    const second = await tune({ ...options(cwd), resume: true, events: { onTrialEnd: (t) => ended.push(t.number) } });
    expect(second).toMatchObject({ resumed: true, opening: 'resumed', aborted: false });
    expect(ended).toEqual([2, 3]);
    expect(second.study.counts.complete).toBe(4);
    expect(new Set(second.study.trials.map((t) => t.configHash)).size).toBe(4);
  });

  it('a bad option is an error that names the option, not a CLI flag', async () => {
    const cwd = tempDir();
    const failure = await tune({ ...options(cwd), budget: 0 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TuneRagError);
    expect((failure as TuneRagError).message).toBe('budget must be a whole number >= 1, got 0');
    const proposer = await tune({ ...options(cwd), proposer: 'randon' }).catch(
      (error: unknown) => error as TuneRagError,
    );
    expect(proposer.message).toBe('proposer: unknown proposer "randon". Did you mean "random"?');
  });
  it('takes a pruner by name and stores it with the study', async () => {
    const cwd = tempDir();
    // The demo's first 20 questions: rungs of 10 and 20 (the tiny set is too small for two rungs).
    const result = await tune({
      ...options(cwd),
      dataset: 'demo',
      questions: 20,
      fidelity: true,
      rungs: [0.5, 1],
      pruner: 'median',
      budget: 5,
    });
    const stored = openStudy({ name: 'lib', cwd });
    expect(stored.settings.pruner).toBe('median');
    // Median pruning waits for 5 completed trials, so none of these 5 is pruned.
    expect([result.study.counts.complete, result.study.counts.pruned]).toEqual([5, 0]);
    await expect(
      tune({ ...options(cwd), dataset: 'demo', questions: 20, resume: true, pruner: 'none' }),
    ).rejects.toThrow('cannot resume study "lib" with pruner none: it was started with pruner median');
  });

  it('takes your own Pruner object: its decisions hold, its name is stored, and resume needs it again', async () => {
    const cwd = tempDir();
    const asked: number[] = [];
    // Every trial but the baseline (#0) stops after the first rung.
    const pruner: Pruner = {
      name: 'baseline-only',
      decide: ({ candidateId, rung }) => {
        asked.push(rung);
        return { promote: candidateId === 1 };
      },
    };
    const result = await tune({
      ...options(cwd),
      dataset: 'demo',
      questions: 20,
      fidelity: true,
      rungs: [0.5, 1],
      pruner,
    });
    expect([result.study.counts.complete, result.study.counts.pruned]).toEqual([1, 3]);
    expect(asked).toEqual([0, 0, 0, 0]);
    expect(openStudy({ name: 'lib', cwd }).settings.pruner).toBe('baseline-only');
    await expect(tune({ ...options(cwd), dataset: 'demo', questions: 20, budget: 5, resume: true })).rejects.toThrow(
      'pruner: unknown pruner "baseline-only"',
    );
  });

  it('uses the registry an llm was configured with, and refuses two different ones', async () => {
    const cwd = tempDir();
    const llm = { registry: createComponents() } as unknown as LlmSetup;
    await expect(tune({ ...options(cwd), llm, components: createComponents() })).rejects.toThrow(
      'llm was configured with another component registry than components',
    );
  });
});
