import { describe, expect, it } from 'vitest';
import { TuneRagError } from '../../src/errors.js';
import { defaultStudyName } from '../../src/optimize/default-study-name.js';
import { openOrCreateStudy } from '../../src/optimize/open-study.js';
import { makeStudySettings, StudySettingsSchema } from '../../src/optimize/study-settings.js';
import { MemoryStudyStore } from '../../src/store/memory-study-store.js';

const settingsWith = (pruner?: string) =>
  makeStudySettings({
    dataset: { name: 'toy', source: 'test', fingerprint: 'f00d00', documents: 1 },
    questionCount: 10,
    space: {},
    spaceHash: 'h',
    objectives: [{ name: 'quality', metric: 'f1', direction: 'max' }],
    weights: { quality: 1 },
    constraints: [],
    seed: 1,
    budget: 5,
    proposer: 'auto',
    rungs: [3, 10],
    eta: 3,
    pruner,
    baseline: {},
    versions: {},
  });

describe('the pruner is a stored study setting', () => {
  it('defaults to successive-halving, also for studies stored before the setting existed', () => {
    expect(settingsWith().pruner).toBe('successive-halving');
    const { pruner: _dropped, ...older } = settingsWith('median');
    expect(StudySettingsSchema.parse(older).pruner).toBe('successive-halving');
  });

  it('keeps default study names of successive-halving studies and gives another pruner its own name', () => {
    const halving = defaultStudyName(settingsWith());
    const { pruner: _dropped, ...older } = settingsWith();
    expect(defaultStudyName(older as ReturnType<typeof settingsWith>)).toBe(halving);
    expect(defaultStudyName(settingsWith('median'))).not.toBe(halving);
    expect(defaultStudyName(settingsWith('median'))).toMatch(/^toy-f00d00-[0-9a-f]{8}$/);
  });

  it('a resume uses the stored pruner, and refuses another one that was asked for, naming the option and the stored value', () => {
    const store = new MemoryStudyStore();
    openOrCreateStudy({ store, name: 's', settings: settingsWith('median'), resume: false, baseline: {} });
    // Not asked for (the CLI without --pruner): the stored one holds.
    expect(
      openOrCreateStudy({ store, name: 's', settings: settingsWith(), resume: true, baseline: {} }).study.settings
        .pruner,
    ).toBe('median');
    expect(
      openOrCreateStudy({
        store,
        name: 's',
        settings: settingsWith('median'),
        resume: true,
        baseline: {},
        requested: { pruner: 'median' },
      }).resumed,
    ).toBe(true);
    const attempt = () =>
      openOrCreateStudy({
        store,
        name: 's',
        settings: settingsWith('none'),
        resume: true,
        baseline: {},
        requested: { pruner: 'none' },
      });
    expect(attempt).toThrow(TuneRagError);
    expect(attempt).toThrow('cannot resume study "s" with pruner none: it was started with pruner median');
    const error = (() => {
      try {
        attempt();
      } catch (thrown) {
        return thrown as TuneRagError;
      }
    })();
    expect(error?.hint).toBe('Leave out pruner to continue with median, or start a new study with study NEW_NAME.');
  });
});
