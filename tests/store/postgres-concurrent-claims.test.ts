import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PostgresStudyStore } from '../../src/store/postgres-study-store.js';
import { postgresUnavailable, type PostgresTestServer } from '../support/postgres-server.js';
import { usePostgresServer } from '../support/postgres-server-hooks.js';

const unavailable = postgresUnavailable();
if (unavailable) console.warn(unavailable);

const STORE_MODULE = join(__dirname, '../../dist/src/store/postgres-study-store.js');
const SCHEMA = `claims_${process.pid}`;

/**
 * A worker process: its own store (its own connection), says "ready", waits for "go" on stdin so
 * both claim at the same moment, then claims and finishes trials until none waits, and prints the
 * numbers it got.
 */
const CHILD = `
const { PostgresStudyStore } = await import(process.env.STORE_MODULE);
const store = new PostgresStudyStore({ url: process.env.URL, schema: process.env.SCHEMA });
const studyId = store.getStudy('race').id;
const worker = process.env.WORKER;
process.stdout.write('ready\\n');
process.stdin.once('data', () => {
  const got = [];
  for (let trial; (trial = store.claimWaiting({ studyId, workerId: worker })); ) {
    store.finishTrial({ trialId: trial.id, state: 'complete', objectives: { quality: 1 }, metrics: {}, workerId: worker });
    got.push(trial.number);
  }
  store.close();
  process.stdout.write(JSON.stringify(got) + '\\n');
  process.exit(0);
});
`;

function startWorker(server: PostgresTestServer, worker: string) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
    env: { ...process.env, STORE_MODULE, URL: server.url, SCHEMA, WORKER: worker },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => out.includes('ready') && (clearInterval(timer), resolve()), 10);
    child.once('exit', (code) => (clearInterval(timer), reject(new Error(`${worker} exited ${code}: ${err}`))));
  });
  const done = new Promise<number[]>((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`${worker}: ${err}`)),
    ),
  );
  return { child, ready, done };
}

describe.skipIf(unavailable !== null)('PostgresStudyStore with two worker processes', () => {
  const pgServer = usePostgresServer(() => [SCHEMA]);

  it('hands each of 50 waiting trials to exactly one of two concurrent claimers', async () => {
    const server = pgServer();
    const store = new PostgresStudyStore({ url: server.url, schema: SCHEMA });
    const studyId = store.createStudy({ name: 'race', settings: {} }).id;
    for (let i = 0; i < 50; i++)
      store.enqueueTrial({ studyId, config: { i }, configHash: `h${i}`, proposer: 'grid', rationale: '' });
    const workers = [startWorker(server, 'a'), startWorker(server, 'b')];
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.child.stdin.write('go\n');
    const [a, b] = await Promise.all(workers.map((w) => w.done));
    expect([...a, ...b].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    const trials = store.listTrials({ studyId });
    expect(trials.every((t) => t.state === 'complete')).toBe(true);
    expect(trials.filter((t) => t.workerId === 'a').map((t) => t.number)).toEqual([...a].sort((x, y) => x - y));
    store.close();
  });
});
