import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresStudyStore } from '../src/store/postgres-study-store.js';
import { SqliteStudyStore } from '../src/store/sqlite-study-store.js';
import type { StudyStore } from '../src/store/study-store.js';
import type { QuestionResult } from '../src/store/trial.js';
import { postgresUnavailable, startPostgresServer } from '../tests/support/postgres-server.js';
import { timed } from './timing.js';

/** One trial's store traffic as the study makes it: enqueue, claim, one rung with its questions, finish. */
function trialCycle(store: StudyStore, studyId: number, i: number, questions: QuestionResult[]): void {
  const trial = store.enqueueTrial({ studyId, config: { i }, configHash: `h${i}`, proposer: 'bench', rationale: '' });
  store.claimWaiting({ studyId, workerId: 'bench' });
  const metrics = { f1: 0.5 };
  store.recordRung({
    trialId: trial.id,
    rung: { rung: 0, questions: questions.length, metrics, objectives: { quality: 0.5 } },
    questions,
    workerId: 'bench',
  });
  store.finishTrial({ trialId: trial.id, state: 'complete', objectives: null, metrics: null, workerId: 'bench' });
}

function question(i: number): QuestionResult {
  return {
    questionId: `q${i}`,
    scores: { f1: 0.5 } as QuestionResult['scores'],
    answer: `answer ${i}`,
    retrieved: [`doc-${i}:0-200`],
    latencyMs: 12,
    usage: { promptTokens: 100, completionTokens: 10, costUsd: null },
  };
}

/** Trial cycles per second (and ms per store call: 4 calls a cycle) after a warm-up of 10 cycles. */
function measure(store: StudyStore, cycles: number, questions: QuestionResult[]) {
  const studyId = store.createStudy({ name: 'bench', settings: {} }).id;
  for (let i = 0; i < 10; i++) trialCycle(store, studyId, i, questions);
  const { ms } = timed(() => {
    for (let i = 10; i < 10 + cycles; i++) trialCycle(store, studyId, i, questions);
  });
  return { cyclesPerSecond: Math.round((cycles / ms) * 1000), msPerCall: Number((ms / cycles / 4).toFixed(3)) };
}

/**
 * `npm run bench -- --only pg-store`: the per-call cost of the synchronous PostgreSQL store (a
 * worker-thread hop plus a round trip per statement) next to SQLite (an fsync per commit), on a
 * throwaway local cluster with fsync on, both durable on return. Questions per rung: 0 and 50.
 */
export async function runPgStoreBench(options: { cycles: number; json?: string }): Promise<unknown> {
  const unavailable = postgresUnavailable();
  if (unavailable) {
    console.log(`pg-store: ${unavailable}`);
    return { skipped: unavailable };
  }
  const server = await startPostgresServer({ fsync: true });
  const dir = mkdtempSync(join(tmpdir(), 'tune-rag-bench-store-'));
  const rows: Record<string, unknown>[] = [];
  try {
    for (const perRung of [0, 50]) {
      const questions = Array.from({ length: perRung }, (_, i) => question(i));
      const stores: [string, () => StudyStore][] = [
        ['sqlite', () => new SqliteStudyStore({ path: join(dir, `s${perRung}.db`) })],
        ['postgresql', () => new PostgresStudyStore({ url: server.url, schema: `bench_${perRung}` })],
      ];
      for (const [name, open] of stores) {
        const store = open();
        try {
          rows.push({ store: name, questionsPerRung: perRung, ...measure(store, options.cycles, questions) });
        } finally {
          store.close();
        }
      }
    }
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('pg-store: trial cycles (enqueue + claim + recordRung + finish) per second, durable on return');
  console.table(rows);
  if (options.json) writeFileSync(options.json, JSON.stringify({ cycles: options.cycles, rows }, null, 2));
  return rows;
}
