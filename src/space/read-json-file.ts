import { readFileSync } from 'node:fs';
import { TuneRagError } from '../errors.js';

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
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : code === 'EACCES' ? 'permission denied' : String((error as Error).message);
    throw new TuneRagError('io', `cannot read ${what} ${path}: ${reason}`, { hint: `Check the path; ${what} must be a JSON file.` });
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    let where = path;
    if (position) {
      const offset = Number(position[1]);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - before.lastIndexOf('\n');
      where = `${path}:${line}:${column}`;
    }
    throw new TuneRagError('config', `${where}: invalid JSON in ${what} (${message})`, { hint: 'Fix the JSON syntax at that place (quotes, commas, brackets).' });
  }
}
