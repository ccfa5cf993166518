/**
 * Library option -> CLI flag, for errors raised by library code (see `optionRef` in errors.ts).
 * Most options are their flag in kebab case (`maxCost` -> `--max-cost`); the table lists the
 * exceptions, where the CLI's flag is not the option's kebab-case name.
 */
const EXCEPTIONS: Readonly<Record<string, string>> = {
  // tune and worker both take --storage (tune also accepts its older alias --db); the library's
  // errors name --storage, the one flag every command that opens a study store understands.
  storage: '--storage',
  // A dataset given as a name or a folder is one flag.
  datasetPath: '--dataset',
  // `run` takes its configuration from a preset file (--config FILE) or one --set per key.
  config: '--config',
  spacePath: '--space',
  // The library takes a list of `constraints`; the CLI repeats --constraint.
  constraints: '--constraint',
  // `eval`'s --history lists the history; the database evaluateRegression's `history` names is --history-db.
  history: '--history-db',
};

/** The flag the CLI user typed for library option `option`. */
export function flagOf(option: string): string {
  if (EXCEPTIONS[option]) return EXCEPTIONS[option];
  // `jobs.name` is a key of an eval jobs file, not a flag: keep it as the key.
  if (option.includes('.')) return option;
  return '--' + option.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}
