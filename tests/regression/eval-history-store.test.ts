import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TuneRagError } from '../../src/errors.js';
import { EVAL_HISTORY_SCHEMA_VERSION, EvalHistoryStore } from '../../src/regression/eval-history-store.js';
import { formatEvalHistory } from '../../src/regression/format-eval-history.js';
import { sampleResult } from './eval-fixtures.js';

describe('EvalHistoryStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tune-rag-evals-'));

  it('stores runs and lists them per job, oldest first, across reopenings', () => {
    const path = join(dir, 'evals.db');
    const store = new EvalHistoryStore(path);
    store.record(sampleResult({ name: 'nightly', startedAt: 2000 }));
    store.record(sampleResult({ name: 'nightly', startedAt: 1000, regressed: false }));
    store.record(sampleResult({ name: 'other', startedAt: 1500 }));
    store.close();
    const reopened = new EvalHistoryStore(path);
    const runs = reopened.list({ job: 'nightly' });
    expect(runs.map((r) => r.startedAt)).toEqual([1000, 2000]);
    expect(runs[0]).toMatchObject({
      datasetFingerprint: 'abcdef0123456789',
      candidateHash: '1111111111111111',
      regressed: false,
      questions: 40,
    });
    expect(runs[0].metrics[0].metric).toBe('f1');
    expect(runs[0].versions).toMatchObject({
      'tune-rag': '0.1.0',
      candidate: { 'generator:extractive-sentence': '1' },
    });
    expect(reopened.jobNames()).toEqual(['nightly', 'other']);
    expect(formatEvalHistory(reopened.list())).toMatch(
      /job nightly: 2 runs, 1 regressed[\s\S]*f1 trend: 0\.100 → 0\.100/,
    );
    reopened.close();
    const raw = new Database(path);
    expect(raw.pragma('user_version', { simple: true })).toBe(EVAL_HISTORY_SCHEMA_VERSION);
    raw.close();
  });

  it('refuses a database it did not write, and a newer schema, with a store error', () => {
    const foreign = join(dir, 'foreign.db');
    const raw = new Database(foreign);
    raw.exec('CREATE TABLE x (a)');
    raw.close();
    expect(() => new EvalHistoryStore(foreign)).toThrow(/not tune-rag's eval history/);
    const newer = join(dir, 'newer.db');
    const db = new Database(newer);
    db.pragma(`user_version = ${EVAL_HISTORY_SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => new EvalHistoryStore(newer)).toThrow(TuneRagError);
  });
});
