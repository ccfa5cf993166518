import { TuneRagError } from '../errors.js';

/** A UTF-8 byte-order mark, which editors on Windows add and JSON.parse rejects. */
const BOM = /^\uFEFF/;

/**
 * `label:LINE:COLUMN` (1-based) of a JSON.parse syntax error in `text`, read from the "position N"
 * in its message, or just `label` when the message gives no position (e.g. "Unexpected end of
 * JSON input"). `text` must be the string that was parsed, so the position counts its characters.
 * A position is turned into a line because a 30 MB file or a long config is unreadable otherwise.
 */
export function jsonErrorPlace(options: { text: string; label: string; message: string }): string {
  const position = /position (\d+)/.exec(options.message);
  if (!position) return options.label;
  const offset = Number(position[1]);
  const before = options.text.slice(0, offset);
  return `${options.label}:${before.split('\n').length}:${offset - before.lastIndexOf('\n')}`;
}

/**
 * JSON.parse without a leading byte-order mark, failing with
 * `label:LINE:COLUMN: malformed JSON (...)` (see {@link jsonErrorPlace}).
 */
export function parseJsonText(options: { text: string; label: string }): unknown {
  const text = options.text.replace(BOM, '');
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    throw new TuneRagError(
      'dataset',
      `${jsonErrorPlace({ text, label: options.label, message })}: malformed JSON (${message}) — fix the JSON syntax there (quotes, commas, brackets)`,
    );
  }
}
