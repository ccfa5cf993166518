import { stat } from 'node:fs/promises';
import { optionRef, TuneRagError } from '../errors.js';
import type { DatasetIssues } from './dataset-issues.js';

/**
 * Default `maxDocumentMb` (CLI `--max-document-mb`): a document file larger than this is refused
 * before it is read, because parsing a huge PDF or DOCX can take minutes and gigabytes; 50 MB
 * holds several thousand pages of text.
 */
export const DEFAULT_MAX_DOCUMENT_MB = 50;

/**
 * True when the file at `path` is at most `maxMb` megabytes (10^6 bytes); otherwise adds a problem
 * naming `label`, its size and the option that raises the limit. A missing file passes: the reader
 * reports it with its own message. A `maxMb` that is not a positive number is a TuneRagError.
 */
export async function withinDocumentSizeLimit(options: {
  path: string;
  label: string;
  maxMb: number;
  issues: DatasetIssues;
}): Promise<boolean> {
  const { path, label, maxMb, issues } = options;
  if (!Number.isFinite(maxMb) || maxMb <= 0)
    throw new TuneRagError('config', `${optionRef('maxDocumentMb')} must be a number of megabytes > 0, got ${maxMb}`, {
      hint: `Leave it out for the default ${DEFAULT_MAX_DOCUMENT_MB} MB.`,
    });
  const size = await stat(path).then(
    (s) => s.size,
    () => 0,
  );
  if (size <= maxMb * 1e6) return true;
  issues.add(
    // Three significant digits: "73.5 MB" for a big file, "0.00205 MB" in a test, never "0.0 MB".
    `${label}: ${Number((size / 1e6).toPrecision(3))} MB is over the ${maxMb} MB limit for a document file — raise ${optionRef('maxDocumentMb')} (e.g. ${Math.ceil(size / 1e6)}) or remove the file`,
  );
  return false;
}
