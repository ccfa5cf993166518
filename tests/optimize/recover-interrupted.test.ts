import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { makeStudySettings } from '../../src/optimize/study-settings.js';
import { INTERRUPTED, Study } from '../../src/optimize/study.js';
import { MemoryStudyStore } from '../../src/store/memory-study-store.js';

function newStudy(): Study {
  const settings = makeStudySettings({
    dataset: { name: 'tiny', source: 'memory', fingerprint: 'f', documents: 1 },
    questionCount: 1,
    space: {},
    spaceHash: 'h',
    objectives: [{ name: 'quality', metric: 'f1', direction: 'max' }],
    weights: { quality: 1 },
    constraints: [],
    seed: 0,
    budget: 5,
    proposer: 'random',
    rungs: [1],
    eta: 3,
    baseline: {},
    versions: {},
  });
  return Study.create({ store: new MemoryStudyStore(), name: 's', settings });
}

describe('Study.recoverInterrupted', () => {
  it('re-queues trials left running and trials failed as interrupted, once each; real failures stay failed', () => {
    const study = newStudy();
    const proposals = ['crashed', 'capped', 'broken', 'done'].map((name) => ({ config: { name }, rationale: name }));
    const [crashed, capped, broken, done] = study.enqueue({ proposals, proposer: 'test' });
    for (const _ of proposals) study.ask('w1');
    study.finish({ trialId: capped.id, state: 'failed', objectives: null, metrics: null, error: INTERRUPTED });
    study.finish({ trialId: broken.id, state: 'failed', objectives: null, metrics: null, error: 'HTTP 400' });
    study.finish({ trialId: done.id, state: 'complete', objectives: { quality: 1 }, metrics: null });

    const requeued = study.recoverInterrupted({ graceMs: 0 });
    expect(requeued.map((t) => [t.config, t.state, t.rationale])).toEqual([
      [{ name: 'crashed' }, 'waiting', `crashed (re-run of interrupted #${crashed.number})`],
      [{ name: 'capped' }, 'waiting', `capped (re-run of interrupted #${capped.number})`],
    ]);
    expect(study.trial(crashed.id)).toMatchObject({ state: 'failed', error: INTERRUPTED });
    // The re-runs are waiting: a second resume adds nothing.
    expect(study.recoverInterrupted({ graceMs: 0 })).toEqual([]);
  });

  it('leaves a live running trial alone within the grace period, and recovers a dead local process at once', () => {
    const study = newStudy();
    const proposals = ['live', 'dead'].map((name) => ({ config: { name }, rationale: name }));
    const [live, dead] = study.enqueue({ proposals, proposer: 'test' });
    study.ask('other-host:1:0');
    // pid 2^22 + 1 is above Linux's pid_max: no such process on this machine.
    study.ask(`${hostname()}:4194305:0`);
    const requeued = study.recoverInterrupted({ graceMs: 60_000 });
    expect(requeued.map((t) => t.config)).toEqual([{ name: 'dead' }]);
    expect(study.trial(live.id)?.state).toBe('running');
    expect(study.trial(dead.id)).toMatchObject({ state: 'failed', error: INTERRUPTED });
    // Past the grace period (explicitly: grace 0) the silent one goes too.
    expect(study.failStale({ graceMs: 0 })).toBe(1);
    expect(study.trial(live.id)).toMatchObject({ state: 'failed', error: INTERRUPTED });
  });
});
