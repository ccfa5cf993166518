// Three `tune-rag worker` processes on one PostgreSQL study (budget 30); one is SIGKILLed mid-trial.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectKilledTrialRecovered } from '../support/killed-worker-checks.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { postgresUnavailable, sql } from '../support/postgres-server.js';
import { usePostgresServer } from '../support/postgres-server-hooks.js';
import { spawnCli, type SpawnedCli } from '../support/spawn-cli.js';
import { postgresTrialRows, startedTrials } from '../support/study-rows.js';

const unavailable = postgresUnavailable();
if (unavailable) console.warn(unavailable);

const SCHEMA = `workers_${process.pid}`;
const BUDGET = 30;
const GRACE_S = 2;
// Every trial but the local baseline waits on the loopback LLM: a trial lasts a couple of replies, so
// a SIGKILL sent when a worker says "started" lands inside the trial, whatever the machine's load.
const REPLY_MS = 500;
const SPACE = {
  parameters: [
    { name: 'generator', type: 'categorical', group: 'generator', values: ['llm:gpt-4o-mini'] },
    { name: 'top_k', type: 'int', group: 'retrieval', low: 1, high: 12 },
    { name: 'temperature', type: 'float', group: 'generator', low: 0, high: 1 },
  ],
};

describe.skipIf(unavailable !== null)('three tune-rag worker processes on one PostgreSQL study', () => {
  const pgServer = usePostgresServer(() => [SCHEMA]);
  let llm: LoopbackServer;
  const spawned: SpawnedCli[] = [];
  beforeAll(async () => {
    llm = await startLoopbackServer();
    llm.setFallback('chat', () => ({ kind: 'delay', ms: REPLY_MS, then: { kind: 'text', text: 'Paris' } }));
  });
  afterAll(async () => {
    for (const cli of spawned)
      if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
    await llm?.stop();
  });

  it('survive SIGKILL of one mid-trial: exactly 30 trials count, none twice, the lost trial re-run by another after the grace period', async () => {
    const server = pgServer();
    await sql(server.url, [`CREATE SCHEMA "${SCHEMA}"`]);
    const url = `${server.url}${server.url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${SCHEMA}`)}`;
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-pg-workers-'));
    writeFileSync(join(cwd, 'space.json'), JSON.stringify(SPACE));
    // The storage comes from TUNE_RAG_STORAGE, as on machines that each run `tune-rag worker`.
    const env = { TUNE_RAG_STORAGE: url, OPENAI_BASE_URL: llm.baseURL, OPENAI_API_KEY: 'sk-test-workers' };
    const llmFlags = [
      '--llm',
      'openai:gpt-4o-mini',
      '--heartbeat-interval',
      '0.5',
      '--heartbeat-grace',
      String(GRACE_S),
    ];
    // tune starts the study with --storage and one local worker (--workers 2: the child gets the
    // storage from tune); the three workers then join from TUNE_RAG_STORAGE and do the rest.
    const start = spawnCli(
      [
        ...['--dataset', 'demo', '--study', 'pg', '--budget', '3', '--questions', '2', '--space', 'space.json'],
        ...['--proposer', 'random', '--seed', '6', '--no-fidelity', '--storage', url, '--workers', '2', ...llmFlags],
      ],
      { cwd, env: { OPENAI_BASE_URL: llm.baseURL, OPENAI_API_KEY: 'sk-test-workers' } },
    );
    spawned.push(start);
    expect(await start.exited, start.stderr()).toBe(0);
    expect(start.stdout()).toContain('started 1 more worker process(es) on study pg');
    const started = await postgresTrialRows(url);
    expect(started.map((r) => r.state)).toEqual(['complete', 'complete', 'complete']);
    // The child opened the study on PostgreSQL and exited cleanly (tune reports a failed child).
    expect(start.stderr()).not.toContain('worker process(es) failed');

    const args = ['worker', '--study', 'pg', '--budget', String(BUDGET), ...llmFlags];
    const workers = [0, 1, 2].map(() => spawnCli(args, { cwd, env }));
    spawned.push(...workers);
    await Promise.all(workers.map((w) => w.until((out) => startedTrials(out).length >= 1)));
    // Killed as it starts its next trial: that trial waits on its first reply for half a second.
    const [victim, ...survivors] = workers;
    const seen = startedTrials(victim.stdout()).length;
    await victim.until((out) => startedTrials(out).length > seen);
    const killedNumber = startedTrials(victim.stdout()).at(-1)!;
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBe(137);
    const atKill = await postgresTrialRows(url);

    for (const w of survivors) expect(await w.exited, w.stderr()).toBe(0);
    const rerun = expectKilledTrialRecovered({
      atKill,
      after: await postgresTrialRows(url),
      killedNumber,
      budget: BUDGET,
      graceMs: GRACE_S * 1000,
    });
    expect(survivors.some((w) => startedTrials(w.stdout()).includes(rerun.number))).toBe(true);
    for (const w of survivors) expect(w.stdout()).toContain(`the study has ${BUDGET} of ${BUDGET}`);
  }, 240_000);
});
