import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type EvalBatchOpened, type EvalJob, evaluateRegression } from '../../src/index.js';
import { EvalHistoryStore } from '../../src/regression/eval-history-store.js';

const BASELINE = JSON.parse(readFileSync(join(__dirname, '../../pipelines/baseline.json'), 'utf8')) as Record<
  string,
  unknown
>;

describe('evaluateRegression() with a history', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-api-eval-history-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));
  // Three jobs of different chunk sizes, so each is its own run (and its own inputs hash).
  const jobs: EvalJob[] = [128, 320, 448].map((size, i) => {
    writeFileSync(join(cwd, `c${i}.json`), JSON.stringify({ ...BASELINE, 'chunk.size': size }));
    return { name: `job${i}`, dataset: 'demo', config: `c${i}.json`, questions: 10 };
  });

  it('records each job; resume after an abort reruns only the unfinished jobs and finishes the batch', async () => {
    const controller = new AbortController();
    const first = await evaluateRegression({
      cwd,
      jobs,
      history: 'evals.db',
      signal: controller.signal,
      // Stop once the first job is stored: the second is then not started.
      onResult: () => controller.abort(),
    });
    expect(first).toMatchObject({ total: 3, ran: 1, reused: 0, stored: 1, interrupted: true });
    expect(first.results.map((r) => r.name)).toEqual(['job0']);

    let store = new EvalHistoryStore(join(cwd, 'evals.db'));
    expect(store.list().map((r) => r.job)).toEqual(['job0']);
    store.close();

    const opened: EvalBatchOpened[] = [];
    const reused: string[] = [];
    const ran: string[] = [];
    const second = await evaluateRegression({
      cwd,
      jobs,
      history: 'evals.db',
      resume: true,
      onBatchOpened: (o) => opened.push(o),
      onReused: (r) => reused.push(r.name),
      onResult: (r) => ran.push(r.name),
    });
    expect(opened).toEqual([{ resumed: true, startedAt: expect.any(Number), stored: 1, jobs: 3 }]);
    expect(reused).toEqual(['job0']);
    expect(ran).toEqual(['job1', 'job2']);
    expect(second).toMatchObject({ total: 3, ran: 2, reused: 1, stored: 3, interrupted: false });
    expect(second.results.map((r) => r.name)).toEqual(['job0', 'job1', 'job2']);

    store = new EvalHistoryStore(join(cwd, 'evals.db'));
    // job0 stored once: the resumed batch reused it instead of running it again.
    expect(store.list().map((r) => r.job)).toEqual(['job0', 'job1', 'job2']);
    store.close();

    // The batch is finished now: a second resume has nothing to continue and runs every job.
    const third: EvalBatchOpened[] = [];
    const again = await evaluateRegression({
      cwd,
      jobs,
      history: 'evals.db',
      resume: true,
      onBatchOpened: (o) => third.push(o),
    });
    expect(third).toEqual([{ resumed: false, nothingToResume: 'finished', jobs: 3 }]);
    expect(again).toMatchObject({ ran: 3, reused: 0, stored: 3 });
  });

  it('without a history nothing is recorded, and resume is an error naming both options', async () => {
    const report = await evaluateRegression({ cwd, jobs: jobs[0] });
    expect(report).toMatchObject({ total: 1, ran: 1, stored: 0, interrupted: false });
    await expect(evaluateRegression({ cwd, jobs, resume: true })).rejects.toThrow(
      'resume needs history: the batch it continues is stored there',
    );
  });
});
