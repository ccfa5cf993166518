import { type Command, InvalidArgumentError } from 'commander';
import { DEFAULT_MAX_DOCUMENT_MB } from '../data/document-size-limit.js';

/**
 * Adds `--max-document-mb <n>` to a command that loads a dataset (tune, chat, run, eval,
 * datasets inspect, generate): a folder dataset's document files above n MB are refused with
 * an error naming the file, before a huge PDF or DOCX is parsed.
 */
export function addMaxDocumentMbOption(command: Command): Command {
  return command.option(
    '--max-document-mb <n>',
    `refuse document files (PDF, DOCX, ...) of a folder dataset above n MB (default ${DEFAULT_MAX_DOCUMENT_MB})`,
    megabytes,
  );
}

function megabytes(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`expected a number of megabytes > 0 (e.g. 50 or 0.5), got "${value}".`);
  return n;
}
