import { Command, CommanderError } from 'commander';
import { isTuneRagError } from '../../src/errors.js';
import { processIo } from '../../src/cli/cli-io.js';
import { registerBenchCommand } from './tabular-command.js';

// `npm run bench:tabular -- --table results.csv --task-column Dataset --task Dev ...`: the proposer
// benchmark on a published results table. It is a benchmark harness, not part of the product, so it
// lives under bench/ and is not a `tune-rag` subcommand.
const io = processIo();
const program = new Command('bench-tabular').exitOverride().showSuggestionAfterError(true);
registerBenchCommand(program, io);
program.parseAsync(['bench', 'tabular', ...process.argv.slice(2)], { from: 'user' }).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    process.exitCode = ['commander.helpDisplayed', 'commander.help'].includes(error.code) ? 0 : 2;
    return;
  }
  io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
  if (isTuneRagError(error) && error.hint) io.err(`hint: ${error.hint}`);
  process.exitCode = 2;
});
