import { renderErrorText, type TuneRagError } from '../../src/errors.js';
import { flagOf } from '../../src/cli/flag-names.js';

/**
 * An error's message and hint as the CLI prints them (options spelled as flags). Fault tests that
 * call library code directly assert this text, so they still prove what a CLI user reads; the
 * library's own spelling (option names) is covered by tests/errors-option-names.test.ts.
 */
export function cliText(error: TuneRagError): { message: string; hint: string | undefined } {
  return {
    message: renderErrorText(error.template.message, flagOf),
    hint: error.template.hint === undefined ? undefined : renderErrorText(error.template.hint, flagOf),
  };
}
