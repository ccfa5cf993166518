import { hostname } from 'node:os';

/**
 * Worker ids name the machine and process: `host:pid:slot`. The process part lets a process
 * that takes over a study see at once that a trial's worker on this machine is gone (see
 * {@link isDeadLocalWorker}); the slot tells apart the trials one process evaluates at once.
 */
export function workerId(slot: number): string {
  return `${processId()}:${slot}`;
}

/** This process's part of its worker ids and its lease holder name: `host:pid`. */
export function processId(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * True when `id` is a worker of a process on this machine that no longer exists. Anything else
 * (another machine, an old-style id, a live or unknowable process) is false: such trials are
 * left to the heartbeat rule.
 */
export function isDeadLocalWorker(id: string | null): boolean {
  const match = id ? /^(.*):(\d+):\d+$/.exec(id) : null;
  if (!match || match[1] !== hostname()) return false;
  const pid = Number(match[2]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
