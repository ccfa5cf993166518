import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tune } from '../../src/index.js';
import { tinyDataset } from '../support/tiny-dataset.js';
import { runCli, STACK_LINE } from './run-cli.js';

const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-storage-flag-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

// Every command that reads a study store takes --storage (tune and worker know no other), with --db
// kept as its older name; errors from the library name --storage, so they read right in every command.
describe('--storage on every command that reads a study', () => {
  beforeAll(async () => {
    const result = await tune({
      dataset: tinyDataset,
      cwd,
      budget: 2,
      proposer: 'random',
      seed: 1,
      fidelity: false,
      study: 'kept',
      storage: 'studies.db',
    });
    expect(result.study.counts.complete).toBe(2);
  }, 60_000);

  it('runs, show and export read the study from --storage, and --db means the same', () => {
    const runs = runCli(['runs', '--storage', 'studies.db'], { cwd });
    expect(runs.code).toBe(0);
    expect(runs.stdout).toMatch(/kept .* 2 /);
    expect(runCli(['runs', '--db', 'studies.db'], { cwd }).stdout).toBe(runs.stdout);
    const show = runCli(['show', 'kept', '--storage', 'studies.db', '--json'], { cwd });
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout).trials).toHaveLength(2);
    const exported = runCli(['export', 'kept', '--format', 'json', '--out', 'best.json', '--storage', 'studies.db'], {
      cwd,
    });
    expect(exported.code).toBe(0);
  });

  it('names --storage when the database is missing, in runs, export and worker alike', () => {
    const runs = runCli(['runs', '--storage', 'none.db'], { cwd });
    expect(runs.code).toBe(2);
    expect(runs.stderr).toContain(`error: no study database at ${join(cwd, 'none.db')}`);
    expect(runs.stderr).toContain('or pass --storage FILE.');
    const exported = runCli(['export', 'kept', '--format', 'json', '--out', 'x.json', '--storage', 'none.db'], { cwd });
    expect(exported.code).toBe(2);
    expect(exported.stderr).toContain('give the database with --storage');
    const worker = runCli(['worker', '--study', 'kept', '--storage', 'none.db'], { cwd });
    expect(worker.code).toBe(2);
    expect(worker.stderr).toContain(`error: --storage: no study database at ${join(cwd, 'none.db')}`);
    expect(worker.stderr).toContain('pass the database it is stored in with --storage');
    expect(worker.stderr + runs.stderr + exported.stderr).not.toMatch(STACK_LINE);
  });

  it('refuses --storage and --db naming two different databases', () => {
    const result = runCli(['runs', '--storage', 'studies.db', '--db', 'other.db'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: --storage studies.db and --db other.db name two study databases');
    expect(result.stderr).toContain('hint: give one of them (--db is the older name of --storage)');
    expect(runCli(['runs', '--storage', 'studies.db', '--db', 'studies.db'], { cwd }).code).toBe(0);
  });
});
