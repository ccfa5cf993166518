import { describe, expect, it } from 'vitest';
import { KNOWN_OBJECTIVES } from '../../src/optimize/objectives.js';
import { makeStudySettings } from '../../src/optimize/study-settings.js';
import { Study } from '../../src/optimize/study.js';
import { MemoryStudyStore } from '../../src/store/memory-study-store.js';
import { TOY_SPACE } from './fixtures.js';

describe('Study.enqueue proposer labels', () => {
  it('stores a proposal’s own label (a fallback’s, e.g. llm→auto) and the batch’s for the rest', () => {
    const store = new MemoryStudyStore();
    const settings = makeStudySettings({
      dataset: { name: 'toy', source: 'memory', fingerprint: 'f', documents: 1 },
      questionCount: 1,
      space: TOY_SPACE,
      spaceHash: 'h',
      objectives: [KNOWN_OBJECTIVES.quality],
      weights: { quality: 1 },
      constraints: [],
      seed: 0,
      budget: 2,
      proposer: 'llm',
      rungs: [1],
      eta: 3,
      baseline: {},
      versions: {},
    });
    const study = Study.create({ store, name: 's', settings });
    study.enqueue({
      proposals: [
        { config: { model: 'small', mode: 'c', width: 3, depth: 4 }, rationale: 'llm: idea' },
        {
          config: { model: 'large', mode: 'a', width: 9, ratio: 0.5 },
          rationale: 'fallback: auto/…',
          proposer: 'llm→auto',
        },
      ],
      proposer: 'llm',
    });
    expect(study.trials().map((t) => t.proposer)).toEqual(['llm', 'llm→auto']);
  });
});
