import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StudyStore } from '../../src/store/study-store.js';
import { runStoreHeartbeatContract } from './store-contract-heartbeats.js';
import { runStoreRecordsContract } from './store-contract-records.js';
import { expectStoreError, makeQuestion, makeRung } from './store-fixtures.js';

export { makeQuestion, makeRung } from './store-fixtures.js';

/**
 * The behaviour every {@link StudyStore} must have. Each implementation's test file calls this
 * with a factory giving a fresh, empty store per test.
 */
export function runStoreContract(name: string, makeStore: () => StudyStore): void {
  runStoreRecordsContract(name, makeStore);
  runStoreHeartbeatContract(name, makeStore);
  describe(`${name} (store contract)`, () => {
    let store: StudyStore;
    let studyId: number;

    beforeEach(() => {
      store = makeStore();
      studyId = store.createStudy({ name: 'main', settings: { seed: 7 } }).id;
    });
    afterEach(() => store.close());

    function enqueue(n: number, study = studyId) {
      return Array.from({ length: n }, (_, i) =>
        store.enqueueTrial({
          studyId: study,
          config: { 'chunk.size': 128 * (i + 1), 'retrieve.k': 5, hybrid: i % 2 === 0 },
          configHash: `hash-${i}`,
          proposer: 'random',
          rationale: `why ${i}`,
        }),
      );
    }
    function claim(worker = 'w1') {
      return store.claimWaiting({ studyId, workerId: worker });
    }

    describe('studies', () => {
      it('creates, gets and lists studies with their settings', () => {
        const other = store.createStudy({
          name: 'other',
          settings: { dataset: { fingerprint: 'abc' }, objectives: ['quality', 'cost'] },
        });
        expect(other.name).toBe('other');
        expect(other.createdAt).toBeGreaterThan(0);
        expect(store.getStudy('other')).toEqual(other);
        expect(store.getStudy('missing')).toBeUndefined();
        expect(store.listStudies().map((s) => s.name)).toEqual(['main', 'other']);
        expect(store.listStudies()[1].settings).toEqual({
          dataset: { fingerprint: 'abc' },
          objectives: ['quality', 'cost'],
        });
      });

      it('refuses a duplicate study name', () => {
        expectStoreError(() => store.createStudy({ name: 'main', settings: {} }), /"main" already exists/);
        expect(store.listStudies()).toHaveLength(1);
      });

      it('updates settings, and refuses an unknown study', () => {
        store.updateStudySettings(studyId, { seed: 8, space: { name: 'x' } });
        expect(store.getStudy('main')?.settings).toEqual({ seed: 8, space: { name: 'x' } });
        expectStoreError(() => store.updateStudySettings(9999, {}), /study 9999 does not exist/);
      });
    });

    describe('enqueue and claim', () => {
      it('numbers trials per study from 0 and starts them waiting', () => {
        const other = store.createStudy({ name: 'other', settings: {} }).id;
        const trials = enqueue(3);
        const otherTrials = enqueue(2, other);
        expect(trials.map((t) => t.number)).toEqual([0, 1, 2]);
        expect(otherTrials.map((t) => t.number)).toEqual([0, 1]);
        expect(new Set([...trials, ...otherTrials].map((t) => t.id)).size).toBe(5);
        expect(trials[1]).toMatchObject({
          studyId,
          state: 'waiting',
          config: { 'chunk.size': 256, 'retrieve.k': 5, hybrid: false },
          configHash: 'hash-1',
          proposer: 'random',
          rationale: 'why 1',
          rungs: [],
          objectives: null,
          metrics: null,
          error: null,
          startedAt: null,
          finishedAt: null,
          workerId: null,
          heartbeatAt: null,
        });
        expect(store.getTrial(trials[1].id)).toEqual(trials[1]);
      });

      it('refuses to enqueue into an unknown study', () => {
        expectStoreError(() => enqueue(1, 9999), /study 9999 does not exist/);
      });

      it('claims the oldest waiting trial, each only once, then undefined', () => {
        expect(claim()).toBeUndefined();
        const trials = enqueue(3);
        const first = claim('w1');
        expect(first).toMatchObject({ id: trials[0].id, number: 0, state: 'running', workerId: 'w1' });
        expect(first?.startedAt).toBeGreaterThan(0);
        expect(claim('w2')).toMatchObject({ number: 1, workerId: 'w2' });
        expect(claim('w1')).toMatchObject({ number: 2 });
        expect(claim('w2')).toBeUndefined();
        expect(store.getTrial(trials[0].id)?.workerId).toBe('w1');
      });

      it('claims only from the given study', () => {
        const other = store.createStudy({ name: 'other', settings: {} }).id;
        enqueue(1, other);
        expect(claim()).toBeUndefined();
        expect(store.claimWaiting({ studyId: other, workerId: 'w' })?.studyId).toBe(other);
      });

      it('never reuses the number of a cancelled trial', () => {
        const [, second] = enqueue(2);
        expect(store.cancelWaiting({ trialId: second.id })).toBe(true);
        expect(enqueue(1)[0].number).toBe(2);
      });
    });

    describe('rungs and question results', () => {
      it('round-trips rungs and per-question results per rung', () => {
        const [trial] = enqueue(1);
        claim();
        const rung0 = [makeQuestion('q1', 0.9), makeQuestion('q2', 0, 'generator timed out')];
        const rung1 = [
          makeQuestion('q1', 0.9),
          makeQuestion('q2', 0.4),
          makeQuestion('q3', 0.7),
          makeQuestion('q4', 1),
        ];
        store.recordRung({ trialId: trial.id, rung: makeRung(0, 0.5), questions: rung0 });
        store.recordRung({ trialId: trial.id, rung: makeRung(1, 0.6), questions: rung1 });
        const stored = store.getTrial(trial.id)!;
        expect(stored.rungs).toEqual([makeRung(0, 0.5), makeRung(1, 0.6)]);
        // The trial's objectives are those of the highest rung reached.
        expect(stored.objectives).toEqual(makeRung(1, 0.6).objectives);
        expect(stored.metrics).toEqual(makeRung(1, 0.6).metrics);
        expect(store.questionResults({ trialId: trial.id, rung: 0 })).toStrictEqual(rung0);
        expect(store.questionResults({ trialId: trial.id, rung: 1 })).toStrictEqual(rung1);
        expect(store.questionResults({ trialId: trial.id, rung: 2 })).toEqual([]);
      });

      it('round-trips the standard errors of a rung, and leaves them out when not given', () => {
        const [trial] = enqueue(1);
        claim();
        const withSe = { ...makeRung(0, 0.5), objectiveSe: { quality: 0.0125, latency: 3.5, cost: null } };
        store.recordRung({ trialId: trial.id, rung: withSe, questions: [] });
        store.recordRung({ trialId: trial.id, rung: makeRung(1, 0.6), questions: [] });
        const [first, second] = store.getTrial(trial.id)!.rungs;
        expect(first).toStrictEqual(withSe);
        expect(second).toStrictEqual(makeRung(1, 0.6));
        expect('objectiveSe' in second).toBe(false);
      });

      it('refuses rungs for waiting trials and duplicate rungs', () => {
        const [trial] = enqueue(1);
        expectStoreError(
          () => store.recordRung({ trialId: trial.id, rung: makeRung(0, 0.5), questions: [] }),
          /it is waiting, not running/,
        );
        claim();
        store.recordRung({ trialId: trial.id, rung: makeRung(0, 0.5), questions: [makeQuestion('q1', 1)] });
        expectStoreError(
          () => store.recordRung({ trialId: trial.id, rung: makeRung(0, 0.9), questions: [] }),
          /already has a result for rung 0/,
        );
        expect(store.getTrial(trial.id)?.rungs).toEqual([makeRung(0, 0.5)]);
        expect(store.questionResults({ trialId: trial.id, rung: 0 })).toHaveLength(1);
        expectStoreError(
          () => store.recordRung({ trialId: 9999, rung: makeRung(0, 1), questions: [] }),
          /trial 9999 does not exist/,
        );
      });
    });

    describe('finishing', () => {
      it('finishes a running trial with its results', () => {
        const [trial] = enqueue(1);
        claim();
        const done = store.finishTrial({
          trialId: trial.id,
          state: 'complete',
          objectives: { quality: 0.8 },
          metrics: { f1: 0.8 },
        });
        expect(done).toMatchObject({
          state: 'complete',
          objectives: { quality: 0.8 },
          metrics: { f1: 0.8 },
          error: null,
          workerId: 'w1',
        });
        expect(done.finishedAt).toBeGreaterThanOrEqual(done.startedAt!);
        expect(store.getTrial(trial.id)).toEqual(done);
      });

      it('keeps the last rung objectives when finishing with null ones', () => {
        const [trial] = enqueue(1);
        claim();
        store.recordRung({ trialId: trial.id, rung: makeRung(0, 0.3), questions: [] });
        const pruned = store.finishTrial({ trialId: trial.id, state: 'pruned', objectives: null, metrics: null });
        expect(pruned.objectives).toEqual(makeRung(0, 0.3).objectives);
        expect(pruned.metrics).toEqual(makeRung(0, 0.3).metrics);
      });

      it('keeps finished trials immutable', () => {
        const [trial] = enqueue(1);
        claim();
        store.recordRung({ trialId: trial.id, rung: makeRung(0, 0.5), questions: [makeQuestion('q1', 0.5)] });
        const failed = store.finishTrial({
          trialId: trial.id,
          state: 'failed',
          objectives: null,
          metrics: null,
          error: 'embedder unreachable',
        });
        expect(failed.error).toBe('embedder unreachable');
        expectStoreError(
          () => store.finishTrial({ trialId: trial.id, state: 'complete', objectives: { quality: 1 }, metrics: null }),
          /it is failed, not running; finished trials are immutable/,
        );
        expectStoreError(
          () => store.recordRung({ trialId: trial.id, rung: makeRung(1, 0.9), questions: [makeQuestion('q2', 1)] }),
          /immutable/,
        );
        expect(store.cancelWaiting({ trialId: trial.id })).toBe(false);
        expect(store.failStaleRunning({ studyId, reason: 'interrupted' })).toBe(0);
        expect(store.getTrial(trial.id)).toEqual(failed);
        expect(store.questionResults({ trialId: trial.id, rung: 1 })).toEqual([]);
      });

      it('refuses to finish a waiting or unknown trial', () => {
        const [trial] = enqueue(1);
        expectStoreError(
          () => store.finishTrial({ trialId: trial.id, state: 'complete', objectives: null, metrics: null }),
          /it is waiting, not running/,
        );
        expect(store.getTrial(trial.id)).toEqual(trial);
        expectStoreError(
          () => store.finishTrial({ trialId: 9999, state: 'failed', objectives: null, metrics: null }),
          /trial 9999 does not exist/,
        );
      });

      it('fails running trials only, in one study, and counts them', () => {
        const other = store.createStudy({ name: 'other', settings: {} }).id;
        const trials = enqueue(4);
        enqueue(1, other);
        store.claimWaiting({ studyId: other, workerId: 'w' });
        claim();
        claim();
        claim();
        const done = store.finishTrial({
          trialId: trials[2].id,
          state: 'complete',
          objectives: { quality: 1 },
          metrics: {},
        });
        expect(store.failStaleRunning({ studyId, reason: 'interrupted' })).toBe(2);
        expect(store.getTrial(trials[0].id)).toMatchObject({ state: 'failed', error: 'interrupted' });
        expect(store.getTrial(trials[0].id)?.finishedAt).toBeGreaterThan(0);
        expect(store.getTrial(trials[1].id)?.state).toBe('failed');
        expect(store.getTrial(trials[2].id)).toEqual(done);
        expect(store.getTrial(trials[3].id)?.state).toBe('waiting');
        expect(store.listTrials({ studyId: other })[0].state).toBe('running');
        expect(store.failStaleRunning({ studyId, reason: 'again' })).toBe(0);
      });
    });

    describe('cancelling', () => {
      it('removes waiting trials only', () => {
        const trials = enqueue(3);
        claim();
        expect(store.cancelWaiting({ trialId: trials[1].id })).toBe(true);
        expect(store.getTrial(trials[1].id)).toBeUndefined();
        expect(store.cancelWaiting({ trialId: trials[1].id })).toBe(false);
        expect(store.cancelWaiting({ trialId: trials[0].id })).toBe(false);
        expect(store.getTrial(trials[0].id)?.state).toBe('running');
        expect(store.cancelWaiting({ trialId: 9999 })).toBe(false);
        expect(store.listTrials({ studyId }).map((t) => t.number)).toEqual([0, 2]);
        expect(claim()?.number).toBe(2);
      });
    });

    describe('listing', () => {
      it('lists trials in number order, filtered by state', () => {
        const trials = enqueue(5);
        claim();
        claim();
        claim();
        store.finishTrial({ trialId: trials[0].id, state: 'complete', objectives: { quality: 1 }, metrics: {} });
        store.finishTrial({ trialId: trials[1].id, state: 'pruned', objectives: null, metrics: null });
        const numbers = (states?: Parameters<StudyStore['listTrials']>[0]['states']) =>
          store.listTrials({ studyId, states }).map((t) => t.number);
        expect(numbers()).toEqual([0, 1, 2, 3, 4]);
        expect(numbers(['waiting'])).toEqual([3, 4]);
        expect(numbers(['running'])).toEqual([2]);
        expect(numbers(['complete', 'pruned'])).toEqual([0, 1]);
        expect(numbers(['failed'])).toEqual([]);
        expect(numbers([])).toEqual([]);
        expect(store.listTrials({ studyId: 9999 })).toEqual([]);
      });

      it('lists trials with their rungs', () => {
        const [a, b] = enqueue(2);
        claim();
        claim();
        store.recordRung({ trialId: b.id, rung: makeRung(0, 0.1), questions: [] });
        store.recordRung({ trialId: a.id, rung: makeRung(0, 0.2), questions: [] });
        store.recordRung({ trialId: b.id, rung: makeRung(1, 0.3), questions: [] });
        const [listedA, listedB] = store.listTrials({ studyId });
        expect(listedA.rungs).toEqual([makeRung(0, 0.2)]);
        expect(listedB.rungs).toEqual([makeRung(0, 0.1), makeRung(1, 0.3)]);
        expect(listedB).toEqual(store.getTrial(b.id));
      });
    });
  });
}
