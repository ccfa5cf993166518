import Database from 'better-sqlite3';
import pg from 'pg';

/** A trial as stored (the columns the several-workers tests compare before and after). */
export interface TrialRow {
  id: number;
  number: number;
  state: string;
  config_hash: string;
  worker_id: string | null;
  error: string | null;
  heartbeat_at: number | null;
  finished_at: number | null;
  objectives: string | null;
}

const COLUMNS = 'id, number, state, config_hash, worker_id, error, heartbeat_at, finished_at, objectives';

/** Every trial of a SQLite study database, read on a handle of its own (read-only). */
export function sqliteTrialRows(path: string): TrialRow[] {
  const handle = new Database(path, { readonly: true });
  try {
    return handle.prepare(`SELECT ${COLUMNS} FROM trials ORDER BY number`).all() as TrialRow[];
  } finally {
    handle.close();
  }
}

/** Every trial of a PostgreSQL study database (`url` may set search_path in its options). */
export async function postgresTrialRows(url: string): Promise<TrialRow[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(`SELECT ${COLUMNS} FROM trials ORDER BY number`);
    // BIGINT comes back as text: the ms epochs compared here are far below 2^53.
    return result.rows.map((row) => ({
      ...row,
      heartbeat_at: row.heartbeat_at === null ? null : Number(row.heartbeat_at),
      finished_at: row.finished_at === null ? null : Number(row.finished_at),
    }));
  } finally {
    await client.end();
  }
}

/** True for a trial that used budget (as countsTowardBudget says of a TrialRecord). */
export const rowCounts = (r: TrialRow) =>
  r.state === 'complete' || r.state === 'pruned' || (r.state === 'failed' && r.error !== 'interrupted');

/** The trial numbers a `tune-rag worker` said it started, in order. */
export const startedTrials = (stdout: string) => [...stdout.matchAll(/^started #(\d+)$/gm)].map((m) => Number(m[1]));
