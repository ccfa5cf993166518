import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { STORAGE_ENV } from '../store/open-study-storage.js';
import type { CliIo } from './cli-io.js';
import { spawnSelf } from './spawn-self.js';
import { takeStandbyWorker } from './standby-workers.js';
import type { TuneFlags } from './tune-flags.js';

/** The `tune-rag worker` flags that make a child evaluate trials exactly as `tune` itself does. */
export function workerArgs(flags: TuneFlags): string[] {
  const pass: [string, string | number | undefined][] = [
    ['--concurrency', flags.concurrency],
    ['--config-file', flags.configFile],
    ['--cache-dir', flags.cacheDir],
    ['--llm', flags.llm],
    ['--llm-embed', flags.llmEmbed],
    ['--prices', flags.prices],
    ['--llm-timeout', flags.llmTimeout],
    ['--max-document-mb', flags.maxDocumentMb],
    ['--heartbeat-interval', flags.heartbeatInterval],
    ['--heartbeat-grace', flags.heartbeatGrace],
  ];
  return pass.flatMap(([flag, value]) => (value === undefined ? [] : [flag, String(value)]));
}

/** Extra local worker processes of one `tune --workers N` run. */
export interface LocalWorkers {
  /** Passes a stop signal on (a terminal's Ctrl-C reaches them anyway; `kill` of tune does not). */
  signal(signal: NodeJS.Signals): void;
  /** Resolves when every child has exited, with the exit code of each (null: killed by a signal). */
  exited(): Promise<(number | null)[]>;
}

/**
 * Starts `count` child processes of this same binary running `tune-rag worker` on the study
 * (`args`: --study, --dataset, --budget and `workerArgs`; the storage goes in TUNE_RAG_STORAGE),
 * taking first the standby processes the executable started early (see standby-workers.ts). Their stdout is dropped
 * (tune's own bar shows the study's progress, read from the store); their stderr reaches tune's,
 * each line prefixed with the worker's number.
 */
export function startLocalWorkers(options: {
  count: number;
  args: string[];
  /** Where the study lives (see resolveStudyStorage). */
  storage: string;
  cwd: string;
  io: CliIo;
}): LocalWorkers {
  const children: ChildProcess[] = Array.from({ length: options.count }, (_, i) => {
    const child =
      takeStandbyWorker({ argv: ['worker', ...options.args], storage: options.storage, cwd: options.cwd }) ??
      // The storage goes by environment, not argv: a PostgreSQL URL may hold a password, and
      // every user of the machine can read argv (ps).
      spawnSelf(['worker', ...options.args], {
        cwd: options.cwd,
        env: { ...process.env, [STORAGE_ENV]: options.storage },
      });
    createInterface({ input: child.stderr! }).on('line', (line) => options.io.err(`[worker ${i + 2}] ${line}`));
    return child;
  });
  const exits = children.map(
    (child) =>
      new Promise<number | null>((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.once('error', () => resolve(1));
      }),
  );
  return {
    signal: (signal) => {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    exited: () => Promise.all(exits),
  };
}
