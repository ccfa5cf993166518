/**
 * The one error type that crosses tune-rag's boundaries (config, dataset, store, CLI).
 *
 * Its message is written for a user: it names the place (file:line, key, flag) and says how to
 * fix it. The CLI prints `error: <message>` plus the hint, never a stack trace, and exits non-zero.
 */
export type TuneRagErrorCode =
  | 'config' // invalid configuration, search space or parameter value
  | 'dataset' // missing / malformed dataset files
  | 'store' // storage problems
  | 'cli' // bad flags or arguments
  | 'io' // unreadable files, permissions
  | 'pipeline'; // a pipeline stage failed

export class TuneRagError extends Error {
  readonly code: TuneRagErrorCode;
  /** What the user should do next; printed on its own line. */
  readonly hint?: string;

  constructor(code: TuneRagErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TuneRagError';
    this.code = code;
    this.hint = options.hint;
  }
}

export function isTuneRagError(error: unknown): error is TuneRagError {
  return error instanceof TuneRagError;
}
