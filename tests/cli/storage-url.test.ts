import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresStudyStore } from '../../src/store/postgres-study-store.js';
import { postgresUnavailable } from '../support/postgres-server.js';
import { usePostgresServer } from '../support/postgres-server-hooks.js';
import { runCli, STACK_LINE } from './run-cli.js';
import { openStudy, tune } from '../../src/index.js';
import { tinyDataset } from '../support/tiny-dataset.js';

const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-storage-url-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('--db with a PostgreSQL URL', () => {
  it('names the server without the password when it cannot connect, with no stack trace', () => {
    const result = runCli(['runs', '--db', 'postgresql://ci:t0p-secret@127.0.0.1:1/studies'], {
      cwd,
      env: { TUNE_RAG_BUSY_TIMEOUT_MS: '2000' },
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      'cannot open the PostgreSQL study database postgresql://ci:***@127.0.0.1:1/studies',
    );
    expect(result.stderr).toMatch(/start the PostgreSQL server/);
    expect(result.stderr + result.stdout).not.toContain('t0p-secret');
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  const unavailable = postgresUnavailable();
  if (unavailable) console.warn(unavailable);
  describe.skipIf(unavailable !== null)('against a server', () => {
    const schema = `cli_${process.pid}`;
    const pgServer = usePostgresServer(() => [schema]);

    it('tunes into PostgreSQL, and lists and reads the study there, also when TUNE_RAG_STORAGE names it', async () => {
      const server = pgServer();
      // The URL's search_path option puts the store in this file's own schema.
      new PostgresStudyStore({ url: server.url, schema }).close();
      const url = `${server.url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      const result = await tune({
        dataset: tinyDataset,
        cwd,
        budget: 3,
        proposer: 'random',
        seed: 3,
        fidelity: false,
        study: 'shared-study',
        storage: url,
      });
      expect(result.study.counts.complete).toBe(3);
      const stored = openStudy({ name: 'shared-study', storage: url, cwd });
      expect(stored.trials.map((t) => [t.number, t.state])).toEqual([
        [0, 'complete'],
        [1, 'complete'],
        [2, 'complete'],
      ]);
      const flag = runCli(['runs', '--db', url], { cwd });
      expect(flag.stderr).toBe('');
      expect(flag.stdout).toMatch(/shared-study .* 3 /);
      const env = runCli(['runs'], { cwd, env: { TUNE_RAG_STORAGE: url } });
      expect(env.stdout).toMatch(/shared-study .* 3 /);
    });
  });
});
