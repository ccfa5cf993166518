import { setTimeout as sleep } from 'node:timers/promises';
import type { StageCache } from './stage-cache.js';
import type { LeaseClaim } from './stage-leases.js';

/**
 * The value of an expensive corpus-level entry (chunks, embeddings, an index), computed at most
 * once at a time across every process sharing `cache`'s folder: `read()` returns it when stored
 * (undefined on a miss); otherwise this process takes the entry's lease and runs `compute()`,
 * which must store the entry before it resolves, or, while another live process holds the lease,
 * polls `read()` with backoff until the value appears, the lease frees up or goes stale (then it
 * computes), or the wait bound passes (then it computes anyway, uncoordinated).
 *
 * The lease only saves work: when stages.db cannot take it (locked past the busy timeout, full
 * disk), the value is computed without one. Per-question entries do not come here: they are
 * cheap, and a lock per question would cost more than the duplicates it saves.
 * Waits, takeovers and timed-out waits are counted in `cache.health`.
 */
export async function computeOnce<T>(options: {
  cache: StageCache;
  stage: string;
  key: string;
  read: () => T | undefined;
  compute: () => Promise<T>;
}): Promise<T> {
  const { cache, stage, key, read, compute } = options;
  const hit = read();
  if (hit !== undefined) return hit;
  const timings = cache.leaseTimings;
  const started = Date.now();
  let pause = timings.pollMs;
  let waited = false;
  for (;;) {
    const claim = tryClaim(cache, stage, key);
    if (claim === null) return compute();
    if (claim.acquired) {
      if (claim.tookOverFrom) cache.health.leaseTakenOver();
      return computeHolding(options);
    }
    if (!waited) cache.health.leaseWaited();
    waited = true;
    if (Date.now() - started >= timings.maxWaitMs) {
      cache.health.leaseWaitTimedOut();
      return compute();
    }
    await sleep(pause);
    pause = Math.min(pause * 2, timings.maxPollMs);
    const value = read();
    if (value !== undefined) return value;
  }
}

function tryClaim(cache: StageCache, stage: string, key: string): LeaseClaim | null {
  try {
    return cache.leases.acquire(stage, key);
  } catch {
    return null;
  }
}

/** Runs `compute` under the lease, renewing it, and releases it after the entry is stored (or compute failed). */
async function computeHolding<T>(options: Parameters<typeof computeOnce<T>>[0]): Promise<T> {
  const { cache, stage, key, read, compute } = options;
  const { leases } = cache;
  const renewal = setInterval(() => {
    try {
      leases.renew(stage, key);
    } catch {
      // A missed renewal (lock held past the busy timeout) only risks a duplicate computation.
    }
  }, leases.ttlMs / 3);
  renewal.unref();
  try {
    // The previous holder may have stored the value between our miss and our claim.
    const stored = read();
    if (stored !== undefined) return stored;
    return await compute();
  } finally {
    clearInterval(renewal);
    try {
      leases.release(stage, key);
    } catch {
      // Left behind, it expires after ttlMs (or at once, for waiters on this host, when we exit).
    }
  }
}
