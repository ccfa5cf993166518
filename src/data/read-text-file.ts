import { readFile } from 'node:fs/promises';
import { TuneRagError } from '../errors.js';

/**
 * Reads a dataset file as UTF-8 text, failing with a message that names the file and says how
 * to fix it: missing or unreadable (code 'io'), UTF-16 or otherwise not UTF-8 (code 'dataset').
 * A UTF-8 byte-order mark is stripped, because editors on Windows add one and JSON.parse rejects it.
 *
 * @param path absolute path to read.
 * @param label how messages name the file (e.g. `corpus.jsonl`, relative to the dataset root).
 * @param what what the file should contain, for the "not found" message.
 */
export async function readTextFile(options: { path: string; label: string; what: string }): Promise<string> {
  return decodeUtf8({ bytes: await readFileBytes(options), label: options.label });
}

/**
 * Reads a dataset file's bytes (PDF, DOCX, or text before decoding); a missing or unreadable
 * file is a TuneRagError (code 'io') naming `label` and what the file should contain.
 */
export async function readFileBytes(options: { path: string; label: string; what: string }): Promise<Buffer> {
  const { path, label, what } = options;
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'it is a directory, not a file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : (error as Error).message;
    throw new TuneRagError('io', `cannot read ${label} (${path}): ${reason}; expected ${what}`, {
      hint: `Check the path and that ${label} is a readable file.`,
      cause: error,
    });
  }
}

/** Decodes bytes that must be UTF-8; see readTextFile for the failure messages. */
export function decodeUtf8(options: { bytes: Uint8Array; label: string }): string {
  const { bytes, label } = options;
  if (looksLikeUtf16(bytes)) {
    throw new TuneRagError(
      'dataset',
      `${label}: file is not valid UTF-8 (looks like UTF-16): convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8 ${label} > ${label}.utf8`,
    );
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    // Only on failure: decode leniently to point at the first bad line.
    const lenient = new TextDecoder('utf-8').decode(body);
    const line = lenient.slice(0, lenient.indexOf('\uFFFD')).split('\n').length;
    throw new TuneRagError(
      'dataset',
      `${label}:${line}: file is not valid UTF-8 (first bad byte on this line; Latin-1 or Windows-1252?): convert it to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8 ${label} > ${label}.utf8`,
    );
  }
}

/** A UTF-16 byte-order mark, or many NUL bytes (UTF-16 text without a BOM). */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)))
    return true;
  const sample = Math.min(bytes.length, 4096);
  let nul = 0;
  for (let i = 0; i < sample; i++) if (bytes[i] === 0) nul++;
  // ASCII text as UTF-16 is half NULs; real UTF-8 text has none.
  return sample >= 4 && nul / sample > 0.2;
}
