import { expect } from 'vitest';
import { rowCounts, type TrialRow } from './study-rows.js';

/**
 * The checks of issue 17 after one of several workers was SIGKILLed mid-trial and the others
 * finished the study: exactly `budget` trials count, no configuration among them twice, every
 * trial finished at the kill unchanged, nothing left running or waiting, and the killed trial
 * failed as interrupted no sooner than `graceMs` after its last heartbeat, then re-run to the
 * end by another worker. Returns the re-run.
 */
export function expectKilledTrialRecovered(options: {
  atKill: TrialRow[];
  after: TrialRow[];
  killedNumber: number;
  budget: number;
  graceMs: number;
}): TrialRow {
  const { atKill, after } = options;
  const killed = atKill.find((r) => r.number === options.killedNumber)!;
  expect(killed.state, JSON.stringify(atKill.map((r) => [r.number, r.state, r.error, r.worker_id]))).toBe('running');
  for (const row of atKill.filter((r) => ['complete', 'pruned', 'failed'].includes(r.state)))
    expect(after.find((r) => r.id === row.id)).toEqual(row);
  const used = after.filter(rowCounts);
  expect(used).toHaveLength(options.budget);
  expect(new Set(used.map((r) => r.config_hash)).size).toBe(options.budget);
  expect(after.filter((r) => r.state === 'running' || r.state === 'waiting')).toEqual([]);
  const recovered = after.find((r) => r.id === killed.id)!;
  expect([recovered.state, recovered.error]).toEqual(['failed', 'interrupted']);
  expect(recovered.finished_at! - killed.heartbeat_at!).toBeGreaterThanOrEqual(options.graceMs);
  const rerun = after.filter((r) => r.config_hash === killed.config_hash && r.id !== killed.id);
  expect(rerun).toHaveLength(1);
  expect(rerun[0].state).toBe('complete');
  expect(rerun[0].worker_id).not.toBe(killed.worker_id);
  return rerun[0];
}
