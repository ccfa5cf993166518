import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAGE_TABLE } from '../../src/pipeline/stage-cache.js';
import { runCli, STACK_LINE } from '../cli/run-cli.js';
import { flipStageValue, scores, tempDir } from './cache-fixture.js';

const read = (cwd: string, file: string) => JSON.parse(readFileSync(join(cwd, file), 'utf8'));

describe('tune-rag run on a damaged cache', () => {
  // A run this small scans its vectors exactly (no HNSW file: the library-level tests damage those),
  // so the damage is to the corpus vectors that scan is laid out from.
  it('flipped bytes in the corpus vectors and in an answer: exit 0, every question answered, counted, same scores', () => {
    const cwd = tempDir('faults-cli-');
    expect(runCli(['run', '--dataset', 'demo', '--questions', '20', '--json', 'clean.json'], { cwd }).code).toBe(0);
    const cacheDir = join(cwd, '.tune-rag', 'cache');
    expect(readdirSync(join(cacheDir, 'files')).filter((f) => f.endsWith('.hnsw'))).toEqual([]);
    flipStageValue(cacheDir, 'embed', 4000);
    flipStageValue(cacheDir, 'generate', 10);
    // Without cached retrievals every question must search the (damaged) vectors again.
    const db = new Database(join(cacheDir, 'stages.db'));
    db.prepare(`DELETE FROM ${STAGE_TABLE} WHERE stage = 'retrieve'`).run();
    db.close();
    const damaged = runCli(['run', '--dataset', 'demo', '--questions', '20', '--json', 'damaged.json'], { cwd });
    expect(damaged.code).toBe(0);
    expect(damaged.stderr).not.toMatch(STACK_LINE);
    expect(damaged.stderr).toContain(
      'cache: 2 corrupt entries removed and recomputed (stage cache 2, request cache 0)',
    );
    const clean = read(cwd, 'clean.json');
    const report = read(cwd, 'damaged.json');
    expect(report.failures).toBe(0);
    expect(report.cache).toEqual({
      corrupt: 2,
      corrupt_by_kind: { stage: 2, request: 0 },
      write_failures: 0,
      warning: null,
      evicted: 0,
      evicted_bytes: 0,
      lease_waits: 0,
      lease_takeovers: 0,
      lease_wait_timeouts: 0,
    });
    expect(report.stage_executions).toMatchObject({ embed: 1, index: 0, retrieve: clean.questions, generate: 1 });
    expect(scores(report.metrics)).toEqual(scores(clean.metrics));
    // Text mode: the same line on stdout, nothing when the cache is clean.
    const warm = runCli(['run', '--dataset', 'demo', '--questions', '20'], { cwd });
    expect(warm.code).toBe(0);
    expect(warm.stdout).not.toContain('cache:');
  });
});
