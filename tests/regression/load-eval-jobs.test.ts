import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEvalJobs } from '../../src/regression/load-eval-jobs.js';

describe('loadEvalJobs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tune-rag-jobs-'));
  const write = (name: string, value: unknown) => {
    writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
    return name;
  };

  it('loads the shipped evals/nightly.json, resolving paths against its folder', () => {
    const loaded = loadEvalJobs({ path: 'evals/nightly.json', cwd: join(__dirname, '../..') });
    expect(loaded.baseDir).toBe(join(__dirname, '../../evals'));
    expect(loaded.jobs.length).toBeGreaterThan(0);
    expect(loaded.jobs[0]).toMatchObject({ dataset: 'demo', config: '../pipelines/baseline.json' });
  });

  it('names the file and every bad key', () => {
    const file = write('bad.json', {
      jobs: [
        { name: 'a', dataset: 'demo', config: 'c.json', maxDrop: -1, metric: ['f1'] },
        { name: 'a', dataset: 'demo', config: 'c.json', metrics: ['f2'] },
      ],
    });
    let message = '';
    try {
      loadEvalJobs({ path: file, cwd: dir });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(join(dir, 'bad.json'));
    expect(message).toMatch(/jobs\[0\]\.maxDrop: maxDrop must be >= 0/);
    expect(message).toMatch(/jobs\[0\].*"metric"/);
    expect(message).toMatch(/jobs\[1\]\.metrics\[0\]: expected one of/);
  });

  it('rejects duplicate job names (history is kept per name)', () => {
    const job = { name: 'a', dataset: 'demo', config: 'c.json' };
    expect(() => loadEvalJobs({ path: write('dup.json', { jobs: [job, job] }), cwd: dir })).toThrow(
      /jobs\[1\]\.name: duplicate job name "a"/,
    );
  });

  it('reports missing required keys and invalid JSON with the place', () => {
    expect(() => loadEvalJobs({ path: write('missing.json', { jobs: [{ name: 'x' }] }), cwd: dir })).toThrow(
      /jobs\[0\]\.dataset/,
    );
    expect(() => loadEvalJobs({ path: write('syntax.json', '{"jobs": [}'), cwd: dir })).toThrow(
      /syntax\.json(:\d+:\d+)?: invalid JSON in eval job file/,
    );
    expect(() => loadEvalJobs({ path: 'nope.json', cwd: dir })).toThrow(
      /cannot read eval job file .*nope\.json: file not found/,
    );
  });
});
