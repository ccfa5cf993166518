import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteRequestCache, type CachedReply } from '../../src/llm/request-cache.js';
import { STAGE_TABLE, StageCache } from '../../src/pipeline/stage-cache.js';
import { ZERO_USAGE } from '../../src/accounting/usage.js';
import { runCli, STACK_LINE } from '../cli/run-cli.js';
import { tempDir } from './cache-fixture.js';

const cost = { latencyMs: 1, usage: ZERO_USAGE };
const reply: CachedReply = { value: { text: 'r'.repeat(600) }, usage: ZERO_USAGE, latencyMs: 5, retryWaitMs: 0 };
const replyBytes = Buffer.byteLength(JSON.stringify(reply));

/**
 * A workspace whose cache holds four 1000-byte stage entries last used at t=1000..4000 (the third
 * one damaged), one LLM reply used at t=2500, and leftovers: a temp file of a dead process, an
 * old and a fresh orphan file, two v1 stage rows and one v3 request row.
 */
function seededWorkspace(): string {
  const cwd = tempDir('faults-prune-');
  const cacheDir = join(cwd, '.tune-rag', 'cache');
  const stage = new StageCache({ dir: cacheDir });
  for (const [i, key] of ['s1', 's2', 's3', 's4'].entries())
    stage.put('generate', key, { value: Buffer.alloc(1000, 65 + i), ...cost });
  stage.close();
  const db = new Database(join(cacheDir, 'stages.db'));
  for (const [i, key] of ['s1', 's2', 's3', 's4'].entries())
    db.prepare(`UPDATE ${STAGE_TABLE} SET used_at = ? WHERE key = ?`).run((i + 1) * 1000, key);
  db.exec('CREATE TABLE entries (stage TEXT, key TEXT, value BLOB)');
  db.prepare('INSERT INTO entries VALUES (?, ?, ?), (?, ?, ?)').run(
    'chunk',
    'a',
    Buffer.from('x'),
    'chunk',
    'b',
    Buffer.from('y'),
  );
  db.close();
  const damage = new Database(join(cacheDir, 'stages.db'));
  damage.prepare(`UPDATE ${STAGE_TABLE} SET value = ? WHERE key = 's3'`).run(Buffer.alloc(1000, 0));
  damage.close();
  const requests = new SqliteRequestCache({ file: join(cwd, '.tune-rag', 'llm-cache.db') });
  requests.set('llm-cache-v4:r1', reply);
  requests.set('llm-cache-v3:old', reply);
  requests.close();
  const rdb = new Database(join(cwd, '.tune-rag', 'llm-cache.db'));
  rdb.prepare('UPDATE llm_request_cache SET used_at = 2500').run();
  rdb.close();
  const files = join(cacheDir, 'files');
  mkdirSync(files, { recursive: true });
  writeFileSync(join(files, 'gone.hnsw.tmp-2147483646'), 'partial');
  writeFileSync(join(files, 'old-orphan.hnsw'), 'o'.repeat(10));
  utimesSync(join(files, 'old-orphan.hnsw'), new Date(2020, 0, 1), new Date(2020, 0, 1));
  writeFileSync(join(files, 'fresh-orphan.hnsw'), 'f');
  return cwd;
}

describe('tune-rag cache', () => {
  it('reports entry counts and payload bytes by kind, and the leftovers', () => {
    const cwd = seededWorkspace();
    const result = runCli(['cache', '--json'], { cwd });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.kinds).toEqual({
      // s4 was used last, at t=4000 ms after the epoch.
      stage: {
        entries: 4,
        bytes: 4000,
        by_stage: { generate: { entries: 4, bytes: 4000, last_used: '1970-01-01T00:00:04.000Z' } },
      },
      corpus: { entries: 0, bytes: 0, by_stage: {} },
      request: { entries: 1, bytes: replyBytes },
    });
    expect(report.total_bytes).toBe(4000 + replyBytes);
    expect(report.leftovers).toEqual({ temp_files: 1, orphan_files: 2, old_format_entries: 3 });
    const text = runCli(['cache'], { cwd });
    expect(text.stdout).toMatch(/stage outputs\s+4 entries\s+4\.0 kB\s+\(generate 4\)/);
    expect(text.stdout).toMatch(/by stage:\n\s+generate\s+4 entries\s+4\.0 kB\s+last used 1970-01-01 00:00 UTC\n/);
    expect(text.stdout).toContain(
      'leftovers: 1 temp file, 2 orphan files, 3 old-format entries (tune-rag cache prune removes them)',
    );
  });

  it('--prune --max-size removes the corrupt entry, the leftovers, then exactly the least recently used entries', () => {
    const cwd = seededWorkspace();
    const result = runCli(['cache', '--prune', '--max-size', `${1000 + replyBytes}B`, '--json'], { cwd });
    expect(result.code).toBe(0);
    const pruned = JSON.parse(result.stdout);
    // s3 fails its checksum; then s1 (t=1000) and s2 (t=2000) go, the reply (t=2500) and s4 stay.
    expect(pruned.removed).toEqual({
      corrupt: 1,
      temp_files: 1,
      orphan_files: 1,
      old_format_entries: 3,
      least_recently_used: 2,
      least_recently_used_bytes: 2000,
      older_than: 0,
      older_than_bytes: 0,
    });
    expect(pruned.after.total_bytes).toBe(1000 + replyBytes);
    expect(pruned.after.kinds.stage.entries).toBe(1);
    expect(pruned.after.kinds.request.entries).toBe(1);
    expect(pruned.after.leftovers).toEqual({ temp_files: 0, orphan_files: 1, old_format_entries: 0 });
    expect(pruned.after.disk_bytes).toBeLessThan(pruned.before.disk_bytes);
    const db = new Database(join(cwd, '.tune-rag', 'cache', 'stages.db'));
    expect(db.prepare(`SELECT key FROM ${STAGE_TABLE}`).all()).toEqual([{ key: 's4' }]);
    db.close();
    // The fresh orphan may be an index a running tune is about to record: kept.
    expect(readdirSync(join(cwd, '.tune-rag', 'cache', 'files'))).toEqual(['fresh-orphan.hnsw']);
  });

  it('rejects a bad --max-size, and --max-size without --prune, with the fix', () => {
    const cwd = tempDir('faults-prune-bad-');
    const bad = runCli(['cache', '--prune', '--max-size', '500XB'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      `error: option '--max-size <size>' argument '500XB' is invalid. expected a size such as 500MB, 2GB or 800MiB`,
    );
    expect(bad.stderr).not.toMatch(STACK_LINE);
    const alone = runCli(['cache', '--max-size', '500MB'], { cwd });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toBe('error: --max-size needs --prune\nhint: tune-rag cache --prune --max-size 500MB\n');
  });

  it('cache prune --older-than removes entries unused for that long, then --to the least recently used', () => {
    const cwd = seededWorkspace();
    // Entries were last used in 1970 (the reply at t=2500 ms too): a week old is all of them but none with --to alone.
    const result = runCli(['cache', 'prune', '--older-than', '7d', '--json'], { cwd });
    expect(result.code).toBe(0);
    const pruned = JSON.parse(result.stdout);
    expect(pruned.removed).toMatchObject({
      corrupt: 1,
      older_than: 4,
      older_than_bytes: 3000 + replyBytes,
      least_recently_used: 0,
    });
    expect(pruned.after.total_bytes).toBe(0);
    const sized = seededWorkspace();
    const text = runCli(['cache', 'prune', '--to', '1kB'], { cwd: sized });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      '1 corrupt entry, 3 old-format entries, 1 temp file, 1 orphan file, 0 unused entries (0 B), 3 least recently used entries',
    );
  });

  it('cache prune rejects a bad --to or --older-than, naming the flag and the forms it takes', () => {
    const cwd = tempDir('faults-prune-flags-');
    const size = runCli(['cache', 'prune', '--to', '1 GBB'], { cwd });
    expect(size.code).toBe(2);
    expect(size.stderr).toContain(
      `error: option '--to <size>' argument '1 GBB' is invalid. expected a size such as 500MB`,
    );
    const age = runCli(['cache', 'prune', '--older-than', '7'], { cwd });
    expect(age.code).toBe(2);
    expect(age.stderr).toContain(
      `error: option '--older-than <age>' argument '7' is invalid. expected a duration such as 7d, 12h or 30min`,
    );
    expect(age.stderr).not.toMatch(STACK_LINE);
    const budget = runCli(['tune', '--dataset', 'demo', '--cache-budget', 'lots'], { cwd });
    expect(budget.code).toBe(2);
    expect(budget.stderr).toContain(`error: option '--cache-budget <size>' argument 'lots' is invalid.`);
  });
});
