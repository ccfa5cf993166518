import { optionRef, TuneRagError } from '../../errors.js';

/** How often a running trial's worker says it is alive (ms). */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 5_000;
/**
 * How old a running trial's heartbeat may get before another process recovers it (ms): six
 * missed beats, so a loaded machine or a slow disk does not lose live trials.
 */
export const DEFAULT_HEARTBEAT_GRACE_MS = 30_000;

/** Heartbeat interval and grace period of a run (both in ms). */
export interface HeartbeatTiming {
  intervalMs: number;
  graceMs: number;
}

/**
 * The run's heartbeat timing, with the defaults. The grace must exceed the interval, or live
 * trials would be recovered between two beats.
 */
export function heartbeatTiming(options: { intervalMs?: number; graceMs?: number } = {}): HeartbeatTiming {
  const intervalMs = options.intervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
  const graceMs = options.graceMs ?? DEFAULT_HEARTBEAT_GRACE_MS;
  if (!(intervalMs > 0) || !Number.isFinite(intervalMs))
    throw new TuneRagError('cli', `${optionRef('heartbeatInterval')} must be a positive number of seconds`, {
      hint: `e.g. ${optionRef('heartbeatInterval')} 5`,
    });
  if (!(graceMs > intervalMs) || !Number.isFinite(graceMs))
    throw new TuneRagError(
      'cli',
      `${optionRef('heartbeatGrace')} (${graceMs / 1000} s) must be longer than ${optionRef('heartbeatInterval')} (${intervalMs / 1000} s)`,
      { hint: `e.g. ${optionRef('heartbeatGrace')} 30 with the default interval of 5 s` },
    );
  return { intervalMs, graceMs };
}
