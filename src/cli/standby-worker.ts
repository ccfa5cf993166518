import { STORAGE_ENV } from '../store/open-study-storage.js';
import { STANDBY_ENV, type StandbyJoin } from './standby-workers.js';

/**
 * The child side of startStandbyWorkers: load the worker command's modules while tune sets up,
 * wait for the study to join, then run `tune-rag worker` as if started with that argv. Exits 0
 * without working when tune goes away or ends it first (it wanted fewer workers, or its own
 * flags were wrong).
 *
 * @param run the CLI's main, called with the joined argv.
 */
export async function runStandbyWorker(run: (argv: string[]) => Promise<number>): Promise<number> {
  delete process.env[STANDBY_ENV];
  if (!process.send || !process.connected) return 0;
  let stopWaiting = () => {};
  // Both listeners hold the channel open (a child's IPC channel keeps it alive only while a
  // 'message' or 'disconnect' listener is on), so both go once the wait is over: from then on
  // the worker keeps its channel as a freshly started one does (see watchParent).
  const join = new Promise<StandbyJoin | null>((resolve) => {
    const onMessage = (message: StandbyJoin) => {
      if (message?.kind === 'join') resolve(message);
    };
    const onDisconnect = () => resolve(null);
    process.on('message', onMessage);
    process.on('disconnect', onDisconnect);
    stopWaiting = () => {
      process.off('message', onMessage);
      process.off('disconnect', onDisconnect);
    };
  });
  const [joined] = await Promise.all([join, import('./command-worker.js')]);
  stopWaiting();
  if (!joined || !process.connected) return 0;
  process.env[STORAGE_ENV] = joined.storage;
  process.chdir(joined.cwd);
  return run(joined.argv);
}
