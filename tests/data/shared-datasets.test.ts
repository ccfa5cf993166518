import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectDataset } from '../../src/data/inspect-dataset.js';
import { loadDataset } from '../../src/data/load-dataset.js';

// The team's shared real datasets (not on users' machines, so skipped when absent).
const SHARED = '/work/shared/datasets';

describe.skipIf(!existsSync(SHARED))('shared datasets', () => {
  it('loads SQuAD v1.1 dev as it is, and inspects it in well under a second', async () => {
    const dataset = await loadDataset({ spec: 'squad_v1.1_dev', cwd: SHARED });
    expect(dataset.format).toBe('native');
    expect(dataset.docs).toHaveLength(2067);
    expect(dataset.questions).toHaveLength(500);
    expect(dataset.hasAnswers && dataset.hasGold).toBe(true);
    const started = performance.now();
    const report = inspectDataset({ dataset });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(report.answersInGoldDocs).toBe(1); // SOURCE.md: every answer occurs in its gold paragraph
  });

  it('loads HotpotQA (extra keys type/level tolerated)', async () => {
    const dataset = await loadDataset({ spec: 'hotpotqa_hipporag100', cwd: SHARED });
    expect(dataset.docs).toHaveLength(994);
    expect(dataset.questions).toHaveLength(100);
    expect(inspectDataset({ dataset }).meanGoldDocsPerQuestion).toBe(2);
  });
});
