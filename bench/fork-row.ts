import { fork, type Serializable } from 'node:child_process';

/**
 * Runs one benchmark row in a child process (`entry` forked with IPC and `flag`): the child gets
 * `request`, replies `{ row }` or `{ error }`. A row of its own process has its own peak RSS, and
 * nothing (JIT, module state, memo) carries over from the rows before it.
 */
export function forkRow<Request extends Serializable, Row>(options: {
  entry: string;
  flag: string;
  request: Request;
  what: string;
}): Promise<Row> {
  const { entry, flag, request, what } = options;
  return new Promise((resolve, reject) => {
    // Never inherit -e / --input-type and the like: the child would run the parent's script again.
    const child = fork(entry, [flag], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: process.execArgv.filter((a) => a.startsWith('--max-old-space-size')),
    });
    let settled = false;
    child.once('message', (message: { row?: Row; error?: string }) => {
      settled = true;
      if (message.row) resolve(message.row);
      else reject(new Error(`${what} failed:\n${message.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!settled) reject(new Error(`${what}: child exited with ${signal ?? code}`));
    });
    child.send(request);
  });
}

/** The child side of {@link forkRow}: when this process was forked with `flag`, answers its one request with `measure`. */
export function answerRowRequest<Request, Row>(flag: string, measure: (request: Request) => Promise<Row>): void {
  if (!process.send || !process.argv.includes(flag)) return;
  process.once('message', (request: Request) => {
    measure(request).then(
      (row) => process.send!({ row }, () => process.exit(0)),
      (error: unknown) =>
        process.send!({ error: error instanceof Error ? error.message : String(error) }, () => process.exit(1)),
    );
  });
}
