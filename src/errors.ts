/**
 * The one error type that crosses tune-rag's boundaries (config, dataset, store, CLI).
 *
 * Its message is written for a user: it names the place (file:line, key, option) and says how to
 * fix it. The CLI prints `error: <message>` plus the hint, never a stack trace, and exits non-zero.
 *
 * Library code names a caller's setting with `optionRef('maxCost')` inside the message or hint.
 * A library caller reads `maxCost` (the option they passed); the CLI prints the same error with
 * the flag instead (`--max-cost`, see `renderErrorText`), so one error serves both audiences.
 */
export type TuneRagErrorCode =
  | 'config' // invalid configuration, search space or parameter value
  | 'dataset' // missing / malformed dataset files
  | 'store' // storage problems
  | 'cli' // bad flags, arguments or options
  | 'io' // unreadable files, permissions
  | 'pipeline'; // a pipeline stage failed

// Private-use delimiters: they never occur in user text, so a marker cannot be forged by a path.
const OPEN = '\u{F0001}';
const CLOSE = '\u{F0002}';
const MARKER = new RegExp(`${OPEN}([A-Za-z][A-Za-z0-9.]*)${CLOSE}`, 'gu');

/** Names the library option `name` (e.g. `maxCost`, `llm`, `jobs.name`) inside an error's text. */
export function optionRef(name: string): string {
  return `${OPEN}${name}${CLOSE}`;
}

/** Text with its option markers spelled by `spell` (library: the option's own name). */
export function renderErrorText(text: string, spell: (option: string) => string = (option) => option): string {
  return text.replace(MARKER, (_, option: string) => spell(option));
}

/** The options an error's text names, in order of first mention. */
export function optionsNamed(text: string): string[] {
  return [...new Set([...text.matchAll(MARKER)].map((m) => m[1]!))];
}

export class TuneRagError extends Error {
  readonly code: TuneRagErrorCode;
  /** What the user should do next; printed on its own line. */
  readonly hint?: string;
  /** The message and hint with their option markers (see `optionRef`), for callers that spell options their own way. */
  readonly template: { message: string; hint?: string };

  constructor(code: TuneRagErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(renderErrorText(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TuneRagError';
    this.code = code;
    this.hint = options.hint === undefined ? undefined : renderErrorText(options.hint);
    this.template = { message, hint: options.hint };
  }

  /** A copy whose message is `prefix` + this message (markers kept), e.g. to add the file and job. */
  withPrefix(prefix: string): TuneRagError {
    return new TuneRagError(this.code, prefix + this.template.message, { hint: this.template.hint, cause: this });
  }
}

export function isTuneRagError(error: unknown): error is TuneRagError {
  return error instanceof TuneRagError;
}
