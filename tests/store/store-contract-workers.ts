import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrialNotHeldError } from '../../src/store/store-errors.js';
import type { StudyStore } from '../../src/store/study-store.js';
import { expectStoreError, makeQuestion, makeRung } from './store-fixtures.js';

/** Waits (busily: the store API is synchronous) until the clock has moved past `ms`. */
function tickPast(ms: number): number {
  while (Date.now() <= ms) {}
  return Date.now();
}

/** The store contract for several workers on one study: heartbeats, stale recovery, held trials, leases. */
export function runStoreWorkersContract(name: string, makeStore: () => StudyStore): void {
  describe(`${name} (store contract: heartbeats, held trials, leases)`, () => {
    let store: StudyStore;
    let studyId: number;

    beforeEach(() => {
      store = makeStore();
      studyId = store.createStudy({ name: 'main', settings: {} }).id;
    });
    afterEach(() => store.close());

    function enqueue(n: number) {
      return Array.from({ length: n }, (_, i) =>
        store.enqueueTrial({ studyId, config: { k: i }, configHash: `h${i}`, proposer: 'random', rationale: '' }),
      );
    }
    const claim = (workerId: string) => store.claimWaiting({ studyId, workerId })!;

    it('stamps the heartbeat on claim, renews it for the holder only, and clears it on finish', () => {
      const [trial] = enqueue(1);
      expect(trial.heartbeatAt).toBeNull();
      const claimed = claim('w1');
      expect(claimed.heartbeatAt).toBe(claimed.startedAt);
      tickPast(claimed.startedAt!);
      expect(store.heartbeat({ trialId: trial.id, workerId: 'w1' })).toBe(true);
      const beaten = store.getTrial(trial.id)!;
      expect(beaten.heartbeatAt).toBeGreaterThan(claimed.startedAt!);
      expect(beaten.startedAt).toBe(claimed.startedAt);
      expect(store.heartbeat({ trialId: trial.id, workerId: 'w2' })).toBe(false);
      expect(store.heartbeat({ trialId: 9999, workerId: 'w1' })).toBe(false);
      expect(store.getTrial(trial.id)).toEqual(beaten);
      const done = store.finishTrial({ trialId: trial.id, state: 'complete', objectives: {}, metrics: {} });
      expect(done.heartbeatAt).toBeNull();
      expect(store.heartbeat({ trialId: trial.id, workerId: 'w1' })).toBe(false);
      expect(store.getTrial(trial.id)).toEqual(done);
    });

    it('refuses a heartbeat for a waiting trial', () => {
      const [trial] = enqueue(1);
      expect(store.heartbeat({ trialId: trial.id, workerId: 'w1' })).toBe(false);
      expect(store.getTrial(trial.id)).toEqual(trial);
    });

    it('fails only running trials whose heartbeat is older than heartbeatBefore', () => {
      const [a, b, c] = enqueue(3);
      const claimedA = claim('w1');
      const cut = tickPast(claimedA.startedAt!);
      claim('w2');
      expect(store.failStaleRunning({ studyId, reason: 'stale', heartbeatBefore: claimedA.startedAt! })).toBe(0);
      expect(store.failStaleRunning({ studyId, reason: 'stale', heartbeatBefore: cut })).toBe(1);
      expect(store.getTrial(a.id)).toMatchObject({ state: 'failed', error: 'stale', heartbeatAt: null });
      expect(store.getTrial(b.id)).toMatchObject({ state: 'running', workerId: 'w2' });
      expect(store.getTrial(c.id)?.state).toBe('waiting');
      // A fresh heartbeat saves a trial that started before the cut.
      const later = tickPast(Date.now());
      expect(store.heartbeat({ trialId: b.id, workerId: 'w2' })).toBe(true);
      expect(store.failStaleRunning({ studyId, reason: 'stale', heartbeatBefore: later })).toBe(0);
      expect(store.failStaleRunning({ studyId, reason: 'stale', heartbeatBefore: Date.now() + 60_000 })).toBe(1);
      expect(store.getTrial(b.id)?.state).toBe('failed');
    });

    it('refuses rungs and finishes from a worker that does not hold the trial, changing nothing', () => {
      const [trial] = enqueue(1);
      claim('w1');
      const rung = { trialId: trial.id, rung: makeRung(0, 0.5), questions: [makeQuestion('q1', 0.5)] };
      const notHeld = (fn: () => unknown) => {
        expectStoreError(fn, /trial #0 \(id \d+\) is not running under worker w2 any more/);
        expect(() => fn()).toThrow(TrialNotHeldError);
      };
      notHeld(() => store.recordRung({ ...rung, workerId: 'w2' }));
      notHeld(() =>
        store.finishTrial({ trialId: trial.id, state: 'complete', objectives: null, metrics: null, workerId: 'w2' }),
      );
      expect(store.getTrial(trial.id)).toMatchObject({ state: 'running', rungs: [] });
      store.recordRung({ ...rung, workerId: 'w1' });
      expect(store.failStaleRunning({ studyId, reason: 'stale', heartbeatBefore: Date.now() + 1 })).toBe(1);
      const recovered = store.getTrial(trial.id)!;
      expectStoreError(
        () => store.recordRung({ ...rung, rung: makeRung(1, 0.7), workerId: 'w1' }),
        /trial #0 \(id \d+\) is not running under worker w1 any more: it is failed/,
      );
      expectStoreError(
        () => store.finishTrial({ trialId: trial.id, state: 'complete', objectives: {}, metrics: {}, workerId: 'w1' }),
        /not running under worker w1/,
      );
      expect(store.getTrial(trial.id)).toEqual(recovered);
      expect(store.questionResults({ trialId: trial.id, rung: 1 })).toEqual([]);
    });

    it('finishes with the holding worker', () => {
      const [trial] = enqueue(1);
      claim('w1');
      store.recordRung({ trialId: trial.id, rung: makeRung(0, 0.4), questions: [], workerId: 'w1' });
      const done = store.finishTrial({
        trialId: trial.id,
        state: 'pruned',
        objectives: null,
        metrics: null,
        workerId: 'w1',
      });
      expect(done).toMatchObject({ state: 'pruned', workerId: 'w1', objectives: makeRung(0, 0.4).objectives });
    });

    it('hands a lease to one holder at a time, renews it, and gives it back', () => {
      const lease = (holder: string, ttlMs = 60_000, name = 'proposer') =>
        store.acquireLease({ studyId, name, holder, ttlMs });
      expect(lease('a')).toBe(true);
      expect(lease('b')).toBe(false);
      expect(lease('a')).toBe(true);
      expect(lease('b', 60_000, 'other')).toBe(true);
      store.releaseLease({ studyId, name: 'proposer', holder: 'b' });
      expect(lease('b')).toBe(false);
      store.releaseLease({ studyId, name: 'proposer', holder: 'a' });
      expect(lease('b')).toBe(true);
      const other = store.createStudy({ name: 'other', settings: {} }).id;
      expect(store.acquireLease({ studyId: other, name: 'proposer', holder: 'a', ttlMs: 60_000 })).toBe(true);
      expectStoreError(
        () => store.acquireLease({ studyId: 9999, name: 'proposer', holder: 'a', ttlMs: 1 }),
        /study 9999 does not exist/,
      );
    });

    it('lets another holder take an expired lease', () => {
      expect(store.acquireLease({ studyId, name: 'proposer', holder: 'a', ttlMs: 0 })).toBe(true);
      expect(store.acquireLease({ studyId, name: 'proposer', holder: 'b', ttlMs: 60_000 })).toBe(true);
      expect(store.acquireLease({ studyId, name: 'proposer', holder: 'a', ttlMs: 60_000 })).toBe(false);
    });
  });
}
