import { parentPort, workerData } from 'node:worker_threads';
import { openStudyStorage } from '../../store/open-study-storage.js';
import type { HeartbeatCommand, HeartbeatReport, HeartbeatThreadData } from './heartbeat-messages.js';

/**
 * The heartbeat thread of a worker process. It has its own store connection (SQLite: a second
 * handle on the same file) and its own event loop, so trials keep beating while the main thread
 * is busy in a CPU-bound pipeline stage for longer than the grace period.
 */
const { storage, intervalMs } = workerData as HeartbeatThreadData;
const port = parentPort!;
const store = openStudyStorage(storage);
const trials = new Map<number, string>();
const leases = new Map<string, { studyId: number; name: string; holder: string; ttlMs: number }>();

const report = (message: HeartbeatReport) => port.postMessage(message);

function beat(): void {
  try {
    for (const [trialId, workerId] of trials) {
      if (store.heartbeat({ trialId, workerId })) continue;
      // Recovered by another process (or finished): stop beating, tell the main thread once.
      trials.delete(trialId);
      report({ type: 'lost', trialId });
    }
    for (const lease of leases.values()) store.acquireLease(lease);
  } catch {
    // A store fault (locked past the busy timeout, disk gone): the next beat tries again, and the
    // main thread's own next write reports the fault and stops the run.
  }
}

port.on('message', (command: HeartbeatCommand) => {
  switch (command.type) {
    case 'hold':
      trials.set(command.trialId, command.workerId);
      break;
    case 'drop':
      trials.delete(command.trialId);
      break;
    case 'hold-lease':
      leases.set(`${command.studyId}:${command.name}`, command);
      break;
    case 'drop-lease':
      leases.delete(`${command.studyId}:${command.name}`);
      break;
  }
});
setInterval(beat, intervalMs);
report({ type: 'ready' });
