import { describe, expect, it } from 'vitest';
import { TuneRagError } from '../../src/errors.js';
import { openOrCreateStudy } from '../../src/optimize/open-study.js';
import { makeStudySettings } from '../../src/optimize/study-settings.js';
import { Study } from '../../src/optimize/study.js';
import { CATALOGUE_DEFAULTS } from '../../src/space/catalogue-defaults.js';
import { MemoryStudyStore } from '../../src/store/memory-study-store.js';
import { loadDefaultSpace } from '../optimize/fixtures.js';

const settings = makeStudySettings({
  dataset: { name: 'toy', source: 'test', fingerprint: 'f', documents: 1 },
  questionCount: 10,
  space: loadDefaultSpace(),
  spaceHash: 'h',
  objectives: [{ name: 'quality', metric: 'f1', direction: 'max' }],
  weights: { quality: 1 },
  constraints: [],
  seed: 1,
  budget: 5,
  proposer: 'auto',
  rungs: [10],
  eta: 3,
  baseline: {},
  versions: {},
});
const baseline = { ...CATALOGUE_DEFAULTS };

describe('--resume when the earlier run was killed during start-up', () => {
  it('starts a study that was never stored, with a note saying why', () => {
    const store = new MemoryStudyStore();
    Study.create({ store, name: 'other', settings });
    const opened = openOrCreateStudy({
      store,
      name: 'demo-e1bbc1-72654e57',
      settings,
      resume: true,
      sameCommandResumes: true,
      baseline,
    });
    expect(opened).toMatchObject({ resumed: false, opening: 'created' });
    expect(opened.note).toBe(
      'no study "demo-e1bbc1-72654e57" was stored yet (an earlier run was stopped before it recorded the study, or the name is new), so --resume starts it now; stored studies: other',
    );
    expect(opened.study.trials().map((t) => [t.number, t.proposer])).toEqual([[0, 'baseline']]);
  });

  it('refuses an explicit name one typo away from a stored study, suggesting it', () => {
    const store = new MemoryStudyStore();
    Study.create({ store, name: 'nightly', settings });
    const attempt = () => openOrCreateStudy({ store, name: 'nightyl', settings, resume: true, baseline });
    expect(attempt).toThrow(TuneRagError);
    expect(attempt).toThrow('no study "nightyl" to resume. Did you mean "nightly"?');
    expect(store.listStudies().map((s) => s.name)).toEqual(['nightly']);
  });

  it('a study killed between being recorded and queueing its baseline gets the baseline as #0 on resume', () => {
    const store = new MemoryStudyStore();
    Study.create({ store, name: 's', settings }); // what a kill right after createStudy leaves
    const opened = openOrCreateStudy({ store, name: 's', settings, resume: true, baseline });
    expect(opened).toMatchObject({ resumed: true, opening: 'resumed', note: null });
    expect(opened.study.trials().map((t) => [t.number, t.proposer, t.state])).toEqual([[0, 'baseline', 'waiting']]);
  });
});
