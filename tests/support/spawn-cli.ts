import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(__dirname, '../../dist/src/cli/bin.js');

/** A running CLI child whose output is collected as it arrives. */
export interface SpawnedCli {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the exit code, or 128 + n when the child died of signal n (as a shell reports it). */
  exited: Promise<number>;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout satisfies `test` (rejects if the child exits first). */
  until(test: (stdout: string) => boolean): Promise<void>;
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGPIPE: 13, SIGTERM: 15 };

/** Spawns the built CLI (dist/src/cli/bin.js) in `cwd` with piped stdio; `env` adds to this process's. */
export function spawnCli(args: string[], options: { cwd: string; env?: Record<string, string> }): SpawnedCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, TUNE_RAG_DEBUG: '', ...options.env },
  });
  let stdout = '';
  let stderr = '';
  const watchers: { test: (s: string) => boolean; resolve: () => void }[] = [];
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (const w of watchers.splice(0))
      if (w.test(stdout)) w.resolve();
      else watchers.push(w);
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number>((resolve) =>
    child.on('close', (code, signal) => resolve(code ?? 128 + (SIGNAL_NUMBERS[signal ?? ''] ?? 0))),
  );
  return {
    child,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    until: (test) =>
      new Promise<void>((resolve, reject) => {
        if (test(stdout)) return resolve();
        watchers.push({ test, resolve });
        void exited.then((code) =>
          reject(new Error(`exited (${code}) before the awaited output:\n${stdout}\n${stderr}`)),
        );
      }),
  };
}
