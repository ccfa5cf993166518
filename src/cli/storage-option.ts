import type { Command } from 'commander';
import { TuneRagError } from '../errors.js';

/** The study-store flags a command was given: --storage, or its older spelling --db. */
export interface StorageFlags {
  storage?: string;
  db?: string;
}

/**
 * Adds --storage (a SQLite file or a postgresql:// URL) and --db, its older name, to a command
 * that reads a study store. Every command spells the store the same way, so a library error that
 * names the `storage` option reads as a flag the user can type wherever they are.
 */
export function addStorageOptions(command: Command, what = 'study database'): Command {
  return command
    .option(
      '--storage <path|url>',
      `${what}: a SQLite file or postgresql:// URL (default: TUNE_RAG_STORAGE, else .tune-rag/tune-rag.db)`,
    )
    .option('--db <file>', 'the same as --storage');
}

/** The store the flags name (undefined: the default), refusing two different ones. */
export function storageFlag(flags: StorageFlags): string | undefined {
  if (flags.storage !== undefined && flags.db !== undefined && flags.storage !== flags.db)
    throw new TuneRagError('cli', `--storage ${flags.storage} and --db ${flags.db} name two study databases`, {
      hint: 'give one of them (--db is the older name of --storage)',
    });
  return flags.storage ?? flags.db;
}
