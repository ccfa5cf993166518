import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateRegression, type EvalJobResult } from '../../src/index.js';

describe('evaluateRegression() through the library', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-api-eval-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('a configuration equal to its baseline is no regression on any metric', async () => {
    writeFileSync(join(cwd, 'same.json'), JSON.stringify({ 'chunk.size': 256 }));
    const seen: EvalJobResult[] = [];
    const report = await evaluateRegression({
      cwd,
      jobs: [{ name: 'same', dataset: 'demo', config: 'same.json', questions: 20 }],
      onResult: (r) => seen.push(r),
    });
    expect(report.regressed).toEqual([]);
    expect(seen).toHaveLength(1);
    const [result] = report.results;
    expect(result.candidate.configHash).toBe(result.baseline.configHash);
    expect(result.dataset.questions).toBe(20);
    expect(result.metrics.map((m) => [m.metric, m.verdict])).toEqual([
      ['f1', 'ok'],
      ['recall_at_context', 'ok'],
    ]);
  });

  it('a bad job object is an error naming the jobs option and the key', async () => {
    await expect(
      evaluateRegression({ cwd, jobs: [{ name: 'x', dataset: 'demo', config: 'same.json', maxDrop: 2 }] }),
    ).rejects.toThrow('invalid jobs:\n  - jobs[0].maxDrop: maxDrop must be <= 1 (metrics are in [0, 1])');
  });
});
