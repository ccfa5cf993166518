import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { processAlive } from '../cache/process-alive.js';

/** One lease row per (stage, key) being computed; absent when nobody computes it. */
export const LEASE_TABLE = 'stage_leases';

/** Creates the lease table (part of stages.db's schema; see StageCache). */
export function createLeaseTable(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${LEASE_TABLE} (
    stage TEXT NOT NULL, key TEXT NOT NULL, owner TEXT NOT NULL, pid INTEGER NOT NULL, host TEXT NOT NULL,
    expires_at INTEGER NOT NULL, PRIMARY KEY (stage, key))`);
}

/** How long leases live and how a waiter polls (see computeOnce). */
export interface LeaseTimings {
  /** A lease not renewed for this long is stale and may be taken over. */
  ttlMs: number;
  /** First pause between polls; doubled after each poll up to {@link maxPollMs}. */
  pollMs: number;
  maxPollMs: number;
  /** A waiter whose holder is still alive after this long computes the artifact itself. */
  maxWaitMs: number;
}

/**
 * Defaults: a holder renews every 20 s (ttl / 3) while its event loop turns; a CPU-bound build
 * that blocks it for a minute loses the lease, costing at worst one duplicate computation. A
 * waiter gives up after 30 min: embedding a large corpus through an API can take that long,
 * and computing it twice costs money.
 */
export const DEFAULT_LEASE_TIMINGS: LeaseTimings = { ttlMs: 60_000, pollMs: 25, maxPollMs: 1000, maxWaitMs: 1_800_000 };

/** Who holds a lease, and until when (ms since epoch) unless renewed. */
export interface LeaseHolder {
  owner: string;
  pid: number;
  host: string;
  expiresAt: number;
}

/** The outcome of {@link StageLeases.acquire}: the lease (maybe taken from a stale holder), or who holds it. */
export type LeaseClaim =
  | { acquired: true; tookOverFrom: LeaseHolder | null }
  | { acquired: false; holder: LeaseHolder };

/**
 * Leases of the stage cache: "this process is computing (stage, key)", so another process that
 * shares the cache folder waits for the result instead of computing it again (see computeOnce).
 *
 * A lease names its owner (host, pid and a random token per cache instance) and expires `ttlMs`
 * after it was taken or last renewed. It is stale, and may be taken over, once expired, or at once
 * when its owner ran on this host and that pid is gone (a killed process). Owners on other hosts
 * are only ever judged by expiry, since their pids mean nothing here. Claims run in an IMMEDIATE
 * transaction, so two processes never both take one lease.
 */
export class StageLeases {
  /** This instance's identity in lease rows. */
  readonly owner: string;
  private readonly host = hostname();
  private readonly statements: Record<'select' | 'claim' | 'renew' | 'release', Database.Statement>;

  constructor(
    private readonly db: Database.Database,
    readonly ttlMs: number,
  ) {
    this.owner = `${this.host}:${process.pid}:${randomBytes(6).toString('hex')}`;
    const t = LEASE_TABLE;
    this.statements = {
      select: db.prepare(`SELECT owner, pid, host, expires_at AS expiresAt FROM ${t} WHERE stage = ? AND key = ?`),
      claim: db.prepare(
        `INSERT OR REPLACE INTO ${t} (stage, key, owner, pid, host, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      renew: db.prepare(`UPDATE ${t} SET expires_at = ? WHERE stage = ? AND key = ? AND owner = ?`),
      release: db.prepare(`DELETE FROM ${t} WHERE stage = ? AND key = ? AND owner = ?`),
    };
  }

  /** Takes the lease of (stage, key) when it is free, ours, or stale; otherwise reports its holder. */
  acquire(stage: string, key: string, now = Date.now()): LeaseClaim {
    return this.db
      .transaction((): LeaseClaim => {
        const holder = this.statements.select.get(stage, key) as LeaseHolder | undefined;
        const other = holder !== undefined && holder.owner !== this.owner;
        if (other && !this.isStale(holder, now)) return { acquired: false, holder };
        this.statements.claim.run(stage, key, this.owner, process.pid, this.host, now + this.ttlMs);
        return { acquired: true, tookOverFrom: other ? holder : null };
      })
      .immediate();
  }

  /** Pushes our lease's expiry `ttlMs` ahead; false when it is no longer ours (taken over after expiring). */
  renew(stage: string, key: string, now = Date.now()): boolean {
    return this.statements.renew.run(now + this.ttlMs, stage, key, this.owner).changes > 0;
  }

  /** Gives our lease of (stage, key) back (a no-op when someone took it over). */
  release(stage: string, key: string): void {
    this.statements.release.run(stage, key, this.owner);
  }

  /** The current holder of (stage, key), if any. */
  holder(stage: string, key: string): LeaseHolder | undefined {
    return this.statements.select.get(stage, key) as LeaseHolder | undefined;
  }

  /** Expired, or held by a process of this host that no longer runs. */
  isStale(holder: LeaseHolder, now = Date.now()): boolean {
    return holder.expiresAt <= now || (holder.host === this.host && !processAlive(holder.pid));
  }
}
