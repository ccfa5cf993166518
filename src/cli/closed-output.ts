/**
 * Output to a reader that went away (`tune-rag ... | head -1`, a closed SSH session) must not
 * crash the run: Node reports a write to a closed pipe as an `error` event on the stream, and an
 * `error` event nobody listens to kills the process with a stack trace after the first trial,
 * losing the summary and the outputs still to be written. Once a stream has failed, later writes
 * to it are dropped: the run goes on (or stops cleanly on a signal) and its exit code is its own.
 */

const failed = new WeakSet<NodeJS.WritableStream>();
const guarded = new WeakSet<NodeJS.WritableStream>();

/**
 * Listens for write errors on `stream` (once per stream; later calls are no-ops). Any error marks
 * the stream closed: for stdout and stderr there is nowhere else to report it, and EPIPE (reader
 * gone), EIO (terminal hung up) and ERR_STREAM_DESTROYED all mean the same thing here.
 */
export function guardClosedOutput(stream: NodeJS.WritableStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', () => {
    failed.add(stream);
  });
}

/** True once a write to `stream` failed (its reader closed): nothing more is shown there. */
export function outputClosed(stream: NodeJS.WritableStream): boolean {
  return failed.has(stream) || (stream as { destroyed?: boolean }).destroyed === true;
}

/** Writes `text` to a guarded stream unless it has failed; never throws. */
export function writeUnlessClosed(stream: NodeJS.WritableStream, text: string): void {
  guardClosedOutput(stream);
  if (outputClosed(stream)) return;
  try {
    stream.write(text);
  } catch {
    failed.add(stream);
  }
}
