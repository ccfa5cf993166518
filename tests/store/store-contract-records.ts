import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StudyStore } from '../../src/store/study-store.js';
import { expectStoreError, makeQuestion, makeRung } from './store-fixtures.js';

/** The store contract's second half: the steering log, spend accounting, and copies that callers cannot mutate. */
export function runStoreRecordsContract(name: string, makeStore: () => StudyStore): void {
  describe(`${name} (store contract: steering, spend, copies)`, () => {
    let store: StudyStore;
    let studyId: number;

    beforeEach(() => {
      store = makeStore();
      studyId = store.createStudy({ name: 'main', settings: { seed: 7 } }).id;
    });
    afterEach(() => store.close());

    function claim(worker = 'w1') {
      return store.claimWaiting({ studyId, workerId: worker });
    }

    describe('steering', () => {
      it('round-trips the steering log in order, per study', () => {
        const other = store.createStudy({ name: 'other', settings: {} }).id;
        const first = store.addSteering({
          studyId,
          atTrial: 0,
          action: { type: 'exclude', param: 'embedder', values: ['hash'] },
          message: 'no hashing embedder',
        });
        store.addSteering({ studyId: other, atTrial: 3, action: { type: 'stop' } });
        const second = store.addSteering({
          studyId,
          atTrial: 4,
          action: { type: 'fix', param: 'retrieve.k', value: 5 },
        });
        expect(first).toMatchObject({ studyId, atTrial: 0, message: 'no hashing embedder' });
        expect(first.createdAt).toBeGreaterThan(0);
        expect(second.message).toBeNull();
        expect(store.listSteering(studyId)).toEqual([first, second]);
        expect(store.listSteering(other).map((s) => s.action)).toEqual([{ type: 'stop' }]);
        expectStoreError(
          () => store.addSteering({ studyId: 9999, atTrial: 0, action: {} }),
          /study 9999 does not exist/,
        );
      });
    });

    describe('spend', () => {
      it('adds up the spend of every call per study, remembers an unknown price and keeps the cap', () => {
        const other = store.createStudy({ name: 'other', settings: {} }).id;
        expect(store.getSpend(studyId)).toEqual({ spentUsd: 0, costUnknown: false, capUsd: null });
        store.addSpend({ studyId, costUsd: 0.25 });
        store.setSpendCap({ studyId, capUsd: 2 });
        store.addSpend({ studyId, costUsd: 0.5 });
        store.addSpend({ studyId: other, costUsd: null });
        expect(store.getSpend(studyId)).toEqual({ spentUsd: 0.75, costUnknown: false, capUsd: 2 });
        expect(store.getSpend(other)).toEqual({ spentUsd: 0, costUnknown: true, capUsd: null });
        store.setSpendCap({ studyId, capUsd: null });
        expect(store.getSpend(studyId)).toEqual({ spentUsd: 0.75, costUnknown: false, capUsd: null });
      });
    });

    describe('copies', () => {
      it('never lets callers mutate stored state', () => {
        const settings = { nested: { seed: 1 } };
        const study = store.createStudy({ name: 'copied', settings });
        settings.nested.seed = 2;
        study.settings.extra = true;
        expect(store.getStudy('copied')?.settings).toEqual({ nested: { seed: 1 } });
        store.getStudy('copied')!.settings.nested = 'changed';
        expect(store.listStudies()[1].settings).toEqual({ nested: { seed: 1 } });

        const config = { 'chunk.size': 256 };
        const trial = store.enqueueTrial({ studyId, config, configHash: 'h', proposer: 'user', rationale: '' });
        config['chunk.size'] = 1;
        trial.config['chunk.size'] = 2;
        expect(store.getTrial(trial.id)?.config).toEqual({ 'chunk.size': 256 });

        claim();
        const rung = makeRung(0, 0.5);
        const questions = [makeQuestion('q1', 0.5)];
        store.recordRung({ trialId: trial.id, rung, questions });
        rung.objectives.quality = 99;
        questions[0].retrieved.push('mutated');
        const got = store.getTrial(trial.id)!;
        got.rungs[0].metrics.f1 = 99;
        got.rungs.push(makeRung(5, 1));
        got.objectives!.quality = 99;
        store.listTrials({ studyId })[0].config['chunk.size'] = 3;
        store.questionResults({ trialId: trial.id, rung: 0 })[0].scores.f1 = 99;
        expect(store.getTrial(trial.id)).toMatchObject({
          config: { 'chunk.size': 256 },
          rungs: [makeRung(0, 0.5)],
          objectives: makeRung(0, 0.5).objectives,
        });
        expect(store.questionResults({ trialId: trial.id, rung: 0 })).toEqual([makeQuestion('q1', 0.5)]);

        const action = { type: 'fix', values: [1] };
        store.addSteering({ studyId, atTrial: 0, action });
        action.values.push(2);
        (store.listSteering(studyId)[0].action.values as number[]).push(3);
        expect(store.listSteering(studyId)[0].action).toEqual({ type: 'fix', values: [1] });
      });
    });
  });
}
