import { readFileSync } from 'node:fs';
import { TuneRagError } from '../errors.js';
import { jsonErrorPlace } from '../json/parse-json-text.js';

/**
 * Reads and parses a JSON file, turning every failure into an actionable TuneRagError that
 * names the file (and line:column for syntax errors).
 */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES'
            ? 'permission denied'
            : String((error as Error).message);
    throw new TuneRagError('io', `cannot read ${what} ${path}: ${reason}`, {
      hint: `Check the path; ${what} must be a JSON file.`,
    });
  }
  // Without the byte-order mark editors on Windows add, which JSON.parse rejects. The error's
  // position counts the characters of the parsed text, so the place is computed on that text.
  const parsed = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(parsed);
  } catch (error) {
    const message = (error as Error).message;
    throw new TuneRagError(
      'config',
      `${jsonErrorPlace({ text: parsed, label: path, message })}: invalid JSON in ${what} (${message})`,
      { hint: 'Fix the JSON syntax at that place (quotes, commas, brackets).' },
    );
  }
}
