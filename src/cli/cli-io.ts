/** Where a command writes and which folder it resolves paths against (tests pass their own). */
export interface CliIo {
  cwd: string;
  out(line: string): void;
  err(line: string): void;
  /** The stream progress bars draw on (they only draw on a terminal). */
  stderrStream: NodeJS.WriteStream;
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    stderrStream: process.stderr,
  };
}
