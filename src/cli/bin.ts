#!/usr/bin/env node
import { main } from './main.js';
import { disposeStandbyWorkers, STANDBY_ENV, standbyWorkersWanted, startStandbyWorkers } from './standby-workers.js';

// The executable: everything else is importable and testable without spawning a process.
const argv = process.argv.slice(2);
let exit: Promise<number>;
if (process.env[STANDBY_ENV] === '1') {
  exit = import('./standby-worker.js').then(({ runStandbyWorker }) => runStandbyWorker(main));
} else {
  // `tune --workers N`: the other workers start loading now, while this process loads tune's modules.
  startStandbyWorkers(standbyWorkersWanted(argv));
  exit = main(argv).finally(disposeStandbyWorkers);
}
exit.then((code) => {
  process.exitCode = code;
});
