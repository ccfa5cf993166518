/**
 * One way for every long command to be stopped: Ctrl-C (SIGINT), SIGTERM (what `timeout`,
 * systemd, CI runners and `kill` send) and SIGHUP (a closed SSH session or terminal) all ask the
 * command to stop cleanly — interrupt or finish the running work, save, print the summary, write
 * the output files — and the process then exits 128 + the signal's number (130, 143, 129), the
 * shell's convention, so a caller can tell a stop from a success or an error. A further signal
 * after the command's own steps quits at once: everything finished is already durable.
 */

/** The signals a long command stops on, and their numbers (exit code 128 + n). */
export const STOP_SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
export type StopSignal = keyof typeof STOP_SIGNALS;

/** Exit code of a process stopped by `signal` (the shell's 128 + n). */
export function signalExitCode(signal: StopSignal): number {
  return 128 + STOP_SIGNALS[signal];
}

/** What a command does on a stop signal; `count` is how many stop signals arrived so far (1 = the first). */
export type StopHandler = (event: { signal: StopSignal; count: number }) => 'stopping' | 'quit';

export interface StopListener {
  /** The first stop signal received, or null. */
  readonly signal: StopSignal | null;
  /** 128 + n of the first signal once one arrived, else null: the code the command exits with. */
  exitCode(): number | null;
  /** Removes the handlers (call in `finally`, so a later command in the same process is not affected). */
  dispose(): void;
}

/**
 * Installs the stop handlers for the duration of one command. `onStop` runs for each signal and
 * says whether the command is still stopping (`stopping`) or must quit now (`quit`: the process
 * exits at once with 128 + n of that signal). `onStop` is called with the first signal only after
 * it is recorded, so `exitCode()` already answers inside it.
 */
export function listenForStop(options: { onStop: StopHandler; exit?: (code: number) => void }): StopListener {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let first: StopSignal | null = null;
  let count = 0;
  const handlers = (Object.keys(STOP_SIGNALS) as StopSignal[]).map((signal) => {
    const handler = () => {
      count += 1;
      first ??= signal;
      if (options.onStop({ signal, count }) === 'quit') exit(signalExitCode(signal));
    };
    process.on(signal, handler);
    return { signal, handler };
  });
  return {
    get signal() {
      return first;
    },
    exitCode: () => (first === null ? null : signalExitCode(first)),
    dispose: () => {
      for (const { signal, handler } of handlers) process.off(signal, handler);
    },
  };
}
