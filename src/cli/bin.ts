#!/usr/bin/env node
import { main } from './main.js';

// The executable: everything else is importable and testable without spawning a process.
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
