/**
 * Messages between a process's main thread and its heartbeat thread (see heartbeat-thread.ts).
 * The main thread says which trials and leases it holds; the thread renews them on its own
 * timer and says when one was lost.
 */
export type HeartbeatCommand =
  | { type: 'hold'; trialId: number; workerId: string }
  | { type: 'drop'; trialId: number }
  | { type: 'hold-lease'; studyId: number; name: string; holder: string; ttlMs: number }
  | { type: 'drop-lease'; studyId: number; name: string };

/** `ready`: the thread has its store connection open and beats from now on. */
export type HeartbeatReport = { type: 'ready' } | { type: 'lost'; trialId: number };

/** What the thread is started with. */
export interface HeartbeatThreadData {
  /** Study storage location (see resolveStudyStorage), opened by the thread on its own connection. */
  storage: string;
  intervalMs: number;
}
