import type Database from 'better-sqlite3';
import { studyNotFoundError } from './store-errors.js';

/**
 * Named leases of the SQLite study store (schema version 4's `leases` table), run inside the
 * store's write transaction. `sql` is the store's prepared-statement cache.
 */
type Prepare = (text: string) => Database.Statement;

/** Takes or renews the lease; the upsert only overwrites a lease that is the holder's own or expired. */
export function acquireSqliteLease(
  sql: Prepare,
  options: { studyId: number; name: string; holder: string; ttlMs: number },
): boolean {
  if (!sql('SELECT 1 FROM studies WHERE id = ?').get(options.studyId)) throw studyNotFoundError(options.studyId);
  const now = Date.now();
  return (
    sql(
      `INSERT INTO leases (study_id, name, holder, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (study_id, name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE leases.holder = excluded.holder OR leases.expires_at <= ?`,
    ).run(options.studyId, options.name, options.holder, now + options.ttlMs, now).changes === 1
  );
}

/** Deletes the lease only when `holder` holds it. */
export function releaseSqliteLease(sql: Prepare, options: { studyId: number; name: string; holder: string }): void {
  sql('DELETE FROM leases WHERE study_id = ? AND name = ? AND holder = ?').run(
    options.studyId,
    options.name,
    options.holder,
  );
}
