import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { spawnSelf } from './spawn-self.js';

/**
 * The environment variable that makes the executable a standby worker (see standby-worker.ts)
 * instead of reading its own argv.
 */
export const STANDBY_ENV = 'TUNE_RAG_STANDBY';

/** What tune sends a standby worker to join a study. */
export interface StandbyJoin {
  kind: 'join';
  argv: string[];
  storage: string;
  /** The worker's working directory (tune's own, or the one a library caller gave). */
  cwd: string;
}

/**
 * `tune --workers N` read off the raw argv, before commander and the tune command's modules have
 * loaded: N - 1 when argv runs `tune` (named, or the default when it starts with a flag), else 0.
 * A wrong guess costs nothing: tune validates the flag itself and an untaken standby is killed.
 */
export function standbyWorkersWanted(argv: readonly string[]): number {
  const first = argv[0];
  if (first === undefined) return 0;
  if (first !== 'tune' && !first.startsWith('-')) return 0;
  if (argv.some((a) => ['--help', '-h', '--version', '-V'].includes(a))) return 0;
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--workers') value = argv[i + 1];
    else if (argv[i]!.startsWith('--workers=')) value = argv[i]!.slice('--workers='.length);
  }
  if (value === undefined || !/^\d+$/.test(value)) return 0;
  // More processes than cores cannot start faster in parallel; tune spawns the rest itself.
  return Math.max(0, Math.min(Number(value) - 1, availableParallelism()));
}

let pool: ChildProcess[] = [];

/**
 * Starts `count` processes of this executable as standby workers at once. A local worker used to
 * start only after tune had loaded its modules and set up its study, then spend about a second
 * loading its own before its first trial, while tune's ran; on 2 cores that second was a tenth of
 * a short run with one process working alone. A standby loads the worker's modules meanwhile and
 * waits for {@link takeStandbyWorker} to hand it a study.
 */
export function startStandbyWorkers(count: number): void {
  // An untaken standby is killed when tune ends (disposeStandbyWorkers), or sees its channel close.
  for (let i = 0; i < count; i++) pool.push(spawnSelf([], { env: { ...process.env, [STANDBY_ENV]: '1' } }));
}

/**
 * A pre-started process, joined to a study with `argv` (a `tune-rag worker` command line), `cwd` and
 * `storage` (sent on the IPC channel, not in argv or the environment another user can read), or
 * null when none is left. A standby still loading gets the message once it listens (Node keeps
 * a message that arrives before any listener).
 */
export function takeStandbyWorker(join: Omit<StandbyJoin, 'kind'>): ChildProcess | null {
  const child = pool.shift();
  if (!child) return null;
  // A standby that died meanwhile has no channel: its exit code tells the caller.
  if (child.connected) child.send({ kind: 'join', ...join } satisfies StandbyJoin, () => {});
  return child;
}

/** Ends every standby nobody took (tune failed before it needed them, or wanted fewer). */
export function disposeStandbyWorkers(): void {
  for (const child of pool) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  pool = [];
}
