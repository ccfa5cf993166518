import { TuneRagError } from '../errors.js';

/**
 * JSON.parse that fails with `label:LINE:COLUMN: malformed JSON (...)`, computing the line from
 * the error's character position, because a 30 MB one-line-per-object file is unreadable otherwise.
 */
export function parseJsonText(options: { text: string; label: string }): unknown {
  const { text, label } = options;
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    let where = label;
    if (position) {
      const before = text.slice(0, Number(position[1]));
      where = `${label}:${before.split('\n').length}:${Number(position[1]) - before.lastIndexOf('\n')}`;
    }
    throw new TuneRagError('dataset', `${where}: malformed JSON (${message}) — fix the JSON syntax there (quotes, commas, brackets)`);
  }
}
