import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectDataset } from '../../src/data/inspect-dataset.js';
import { loadDataset } from '../../src/data/load-dataset.js';

// The team's shared real datasets, beside the checkout (../shared/datasets) or where
// TUNE_RAG_SHARED_DATASETS points; not on users' machines or in CI, so skipped when absent.
const SHARED = resolve(process.env.TUNE_RAG_SHARED_DATASETS ?? resolve(__dirname, '../../../shared/datasets'));
const present = existsSync(SHARED);
if (!present)
  console.log(`shared datasets: skipped, ${SHARED} does not exist (set TUNE_RAG_SHARED_DATASETS to run them)`);

describe.skipIf(!present)('shared datasets', () => {
  it('loads SQuAD v1.1 dev as it is and inspects it', async () => {
    const dataset = await loadDataset({ spec: 'squad_v1.1_dev', cwd: SHARED });
    expect(dataset.format).toBe('native');
    expect(dataset.docs).toHaveLength(2067);
    expect(dataset.questions).toHaveLength(500);
    expect(dataset.hasAnswers && dataset.hasGold).toBe(true);
    const report = inspectDataset({ dataset });
    expect(report.answersInGoldDocs).toBe(1); // SOURCE.md: every answer occurs in its gold paragraph
  });

  it('loads HotpotQA (extra keys type/level tolerated)', async () => {
    const dataset = await loadDataset({ spec: 'hotpotqa_hipporag100', cwd: SHARED });
    expect(dataset.docs).toHaveLength(994);
    expect(dataset.questions).toHaveLength(100);
    expect(inspectDataset({ dataset }).meanGoldDocsPerQuestion).toBe(2);
  });
});
