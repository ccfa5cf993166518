/**
 * A `tune-rag worker` started by `tune --workers` has an IPC channel to that tune process (see
 * local-workers.ts). The channel closes when tune exits by any means, SIGKILL included, which
 * no signal would tell the child: `onGone` then runs once, so the worker stops instead of
 * running on alone. A worker started by hand has no channel, and this does nothing.
 *
 * @returns a function that stops watching.
 */
export function watchParent(onGone: () => void): () => void {
  const channel = process.channel;
  if (!channel) return () => {};
  // The channel must not keep the worker alive once its own work is done.
  channel.unref();
  const gone = () => {
    // stderr is a pipe to the dead tune: a write to it must not crash the worker mid-stop.
    process.stderr.on('error', () => {});
    onGone();
  };
  process.once('disconnect', gone);
  return () => process.off('disconnect', gone);
}
