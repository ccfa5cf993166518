// The store contract for several workers on one study: heartbeats, stale recovery, held trials, leases.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrialNotHeldError } from '../../src/store/store-errors.js';
import type { StudyStore } from '../../src/store/study-store.js';
import { expectStoreError, makeQuestion, makeRung } from './store-fixtures.js';

const PAUSE = new Int32Array(new SharedArrayBuffer(4));
/** Lets the clock move on, so two writes get different Date.now() values (stores read the real clock). */
function pause(ms: number): void {
  Atomics.wait(PAUSE, 0, 0, ms);
}

export function runStoreHeartbeatContract(name: string, makeStore: () => StudyStore): void {
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
        store.enqueueTrial({ studyId, config: { k: i }, configHash: `h${i}`, proposer: 'random', rationale: 'r' }),
      );
    }
    const claim = (workerId: string) => store.claimWaiting({ studyId, workerId })!;

    describe('heartbeats', () => {
      it('starts a claimed trial with heartbeatAt = startedAt, renews it, and clears it when finished', () => {
        const [waiting] = enqueue(1);
        expect(waiting.heartbeatAt).toBeNull();
        const before = Date.now();
        const trial = claim('w1');
        expect(trial.heartbeatAt).toBe(trial.startedAt);
        expect(trial.heartbeatAt).toBeGreaterThanOrEqual(before);
        pause(3);
        expect(store.heartbeat({ trialId: trial.id, workerId: 'w1' })).toBe(true);
        const beaten = store.getTrial(trial.id)!;
        expect(beaten.heartbeatAt).toBeGreaterThan(trial.heartbeatAt!);
        expect(beaten.startedAt).toBe(trial.startedAt);
        const done = store.finishTrial({ trialId: trial.id, state: 'complete', objectives: {}, metrics: {} });
        expect(done.heartbeatAt).toBeNull();
      });

      it('refuses a heartbeat from another worker, for a waiting, finished or unknown trial, changing nothing', () => {
        const [first, second] = enqueue(2);
        const running = claim('w1');
        expect(store.heartbeat({ trialId: running.id, workerId: 'w2' })).toBe(false);
        expect(store.heartbeat({ trialId: second.id, workerId: 'w1' })).toBe(false);
        expect(store.heartbeat({ trialId: 9999, workerId: 'w1' })).toBe(false);
        expect(store.getTrial(first.id)).toEqual(running);
        expect(store.getTrial(second.id)).toEqual(second);
        const done = store.finishTrial({ trialId: running.id, state: 'pruned', objectives: null, metrics: null });
        expect(store.heartbeat({ trialId: running.id, workerId: 'w1' })).toBe(false);
        expect(store.getTrial(running.id)).toEqual(done);
      });
    });

    describe('stale running trials', () => {
      it('fails only trials whose heartbeat is older than heartbeatBefore; a heartbeat keeps one alive', () => {
        enqueue(3);
        const old = claim('w1');
        const renewed = claim('w2');
        pause(5);
        const cutoff = Date.now();
        pause(5);
        const fresh = claim('w3');
        expect(store.heartbeat({ trialId: renewed.id, workerId: 'w2' })).toBe(true);
        expect(store.failStaleRunning({ studyId, reason: 'interrupted', heartbeatBefore: cutoff })).toBe(1);
        expect(store.getTrial(old.id)).toMatchObject({ state: 'failed', error: 'interrupted', heartbeatAt: null });
        expect(store.getTrial(renewed.id)?.state).toBe('running');
        expect(store.getTrial(fresh.id)).toEqual(fresh);
        expect(store.failStaleRunning({ studyId, reason: 'interrupted', heartbeatBefore: cutoff })).toBe(0);
        // Without heartbeatBefore every running trial goes (a process that knows no worker is alive).
        expect(store.failStaleRunning({ studyId, reason: 'interrupted' })).toBe(2);
        expect(store.listTrials({ studyId, states: ['running'] })).toEqual([]);
      });
    });

    describe('held trials', () => {
      it('records and finishes for the worker that holds the trial', () => {
        enqueue(1);
        const trial = claim('w1');
        store.recordRung({ trialId: trial.id, rung: makeRung(0, 0.4), questions: [], workerId: 'w1' });
        const done = store.finishTrial({
          trialId: trial.id,
          state: 'complete',
          objectives: null,
          metrics: null,
          workerId: 'w1',
        });
        expect(done).toMatchObject({ state: 'complete', objectives: makeRung(0, 0.4).objectives, workerId: 'w1' });
      });

      it('throws TrialNotHeldError (naming the trial and worker) and changes nothing for another worker', () => {
        enqueue(2);
        const trial = claim('w1');
        const rung = { trialId: trial.id, rung: makeRung(0, 0.4), questions: [makeQuestion('q1', 0.4)] };
        expect(() => store.recordRung({ ...rung, workerId: 'w2' })).toThrow(TrialNotHeldError);
        expectStoreError(
          () =>
            store.finishTrial({ trialId: trial.id, state: 'complete', objectives: {}, metrics: {}, workerId: 'w2' }),
          /trial #0 .*not held by worker w2.*running under worker w1/,
        );
        expect(store.getTrial(trial.id)).toEqual(trial);
        expect(store.questionResults({ trialId: trial.id, rung: 0 })).toEqual([]);
      });

      it('throws TrialNotHeldError once the trial was recovered as stale, keeping the recovered record', () => {
        enqueue(1);
        const trial = claim('w1');
        pause(3);
        store.failStaleRunning({ studyId, reason: 'interrupted', heartbeatBefore: Date.now() });
        const recovered = store.getTrial(trial.id)!;
        let thrown: unknown;
        try {
          store.finishTrial({ trialId: trial.id, state: 'complete', objectives: {}, metrics: {}, workerId: 'w1' });
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(TrialNotHeldError);
        expect((thrown as TrialNotHeldError).message).toMatch(/trial #0 .*not held by worker w1 .*it is failed/);
        expect(() =>
          store.recordRung({ trialId: trial.id, rung: makeRung(0, 0.4), questions: [], workerId: 'w1' }),
        ).toThrow(TrialNotHeldError);
        expect(store.getTrial(trial.id)).toEqual(recovered);
      });
    });

    describe('leases', () => {
      const lease = (holder: string, ttlMs = 60_000, leaseName = 'proposer', study = studyId) =>
        store.acquireLease({ studyId: study, name: leaseName, holder, ttlMs });

      it('gives a lease to one holder at a time, renews it for that holder, and frees it on release', () => {
        expect(lease('a')).toBe(true);
        expect(lease('b')).toBe(false);
        expect(lease('a')).toBe(true);
        store.releaseLease({ studyId, name: 'proposer', holder: 'b' });
        expect(lease('b')).toBe(false);
        store.releaseLease({ studyId, name: 'proposer', holder: 'a' });
        expect(lease('b')).toBe(true);
        expect(lease('a')).toBe(false);
      });

      it('hands an expired lease to another holder', () => {
        expect(lease('a', 1)).toBe(true);
        pause(5);
        expect(lease('b')).toBe(true);
        expect(lease('a')).toBe(false);
      });

      it('keeps leases apart by name and by study', () => {
        const other = store.createStudy({ name: 'other', settings: {} }).id;
        expect(lease('a')).toBe(true);
        expect(lease('b', 60_000, 'recovery')).toBe(true);
        expect(lease('b', 60_000, 'proposer', other)).toBe(true);
        expect(lease('b')).toBe(false);
      });
    });
  });
}
