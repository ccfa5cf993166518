import { guardClosedOutput, writeUnlessClosed } from './closed-output.js';

/** Where a command writes and which folder it resolves paths against (tests pass their own). */
export interface CliIo {
  cwd: string;
  out(line: string): void;
  err(line: string): void;
  /** The stream progress bars draw on (they only draw on a terminal). */
  stderrStream: NodeJS.WriteStream;
}

/** The process's own streams; a closed reader (`| head -1`) ends output quietly (see closed-output.ts). */
export function processIo(): CliIo {
  guardClosedOutput(process.stdout);
  guardClosedOutput(process.stderr);
  return {
    cwd: process.cwd(),
    out: (line) => writeUnlessClosed(process.stdout, line + '\n'),
    err: (line) => writeUnlessClosed(process.stderr, line + '\n'),
    stderrStream: process.stderr,
  };
}
