import { Worker } from 'node:worker_threads';
import type { Study } from '../study.js';
import type { HeartbeatCommand, HeartbeatReport, HeartbeatThreadData } from './heartbeat-messages.js';
import { threadScript } from './thread-script.js';

/**
 * Keeps a process's running trials (and leases) alive in the store while it evaluates them, by
 * renewing their heartbeats every `intervalMs`. `hold` when a trial is claimed, `drop` when it
 * is finished; `onLost` hears of a trial another process recovered meanwhile.
 */
export interface HeartbeatPulse {
  hold(trialId: number, workerId: string): void;
  drop(trialId: number): void;
  /** Renews the lease on every beat until `dropLease`, so a long proposal keeps it. */
  holdLease(lease: { name: string; holder: string; ttlMs: number }): void;
  dropLease(name: string): void;
  /**
   * Resolves once beats are sent (the thread opened its own connection): claim no trial before,
   * or a slow thread start-up on a loaded machine could let the trial look stale.
   */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * The pulse of a run: a worker thread with its own connection to `storage` (so beats go on while
 * the main thread is CPU-bound), or, without a storage location (an in-memory store, which no
 * other process can see anyway), a timer on the main thread.
 */
export function startHeartbeatPulse(options: {
  study: Study;
  storage?: string;
  intervalMs: number;
  onLost?: (trialId: number) => void;
}): HeartbeatPulse {
  const { study } = options;
  const send = options.storage ? threadSender(options) : inlineSender(options);
  return {
    hold: (trialId, workerId) => send.post({ type: 'hold', trialId, workerId }),
    drop: (trialId) => send.post({ type: 'drop', trialId }),
    holdLease: (lease) => send.post({ type: 'hold-lease', studyId: study.id, ...lease }),
    dropLease: (name) => send.post({ type: 'drop-lease', studyId: study.id, name }),
    ready: send.ready,
    close: () => send.close(),
  };
}

interface Sender {
  post(command: HeartbeatCommand): void;
  ready: Promise<void>;
  close(): Promise<void>;
}

function threadSender(options: { storage?: string; intervalMs: number; onLost?: (trialId: number) => void }): Sender {
  const data: HeartbeatThreadData = { storage: options.storage!, intervalMs: options.intervalMs };
  const thread = new Worker(threadScript(import.meta.url, 'heartbeat-thread'), { workerData: data });
  // The thread must never keep the process alive, nor crash it.
  thread.unref();
  const ready = new Promise<void>((resolve) => {
    // A thread that died (its store would not open) means no beats; the main thread's own
    // store reports real faults, so the run goes on rather than waiting forever.
    thread.on('error', () => resolve());
    thread.on('exit', () => resolve());
    thread.on('message', (report: HeartbeatReport) => {
      if (report.type === 'ready') resolve();
      else options.onLost?.(report.trialId);
    });
  });
  return {
    post: (command) => thread.postMessage(command),
    ready,
    close: async () => {
      await thread.terminate();
    },
  };
}

function inlineSender(options: { study: Study; intervalMs: number; onLost?: (trialId: number) => void }): Sender {
  const { study } = options;
  const trials = new Map<number, string>();
  const leases = new Map<string, { name: string; holder: string; ttlMs: number }>();
  const timer = setInterval(() => {
    for (const [trialId, workerId] of trials) {
      if (study.heartbeat({ trialId, workerId })) continue;
      trials.delete(trialId);
      options.onLost?.(trialId);
    }
    for (const lease of leases.values()) study.acquireLease(lease);
  }, options.intervalMs);
  timer.unref();
  return {
    post: (command) => {
      if (command.type === 'hold') trials.set(command.trialId, command.workerId);
      else if (command.type === 'drop') trials.delete(command.trialId);
      else if (command.type === 'hold-lease') leases.set(command.name, command);
      else leases.delete(command.name);
    },
    ready: Promise.resolve(),
    close: async () => clearInterval(timer),
  };
}
