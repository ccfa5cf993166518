import { existsSync, mkdirSync, readdirSync, rmSync, rmdirSync } from 'node:fs';
import type { z } from 'zod';
import { GenerationJournal, type JournalSettings } from './generation-journal.js';
import { refuseHandWrittenQa } from './write-generated-dataset.js';

/** What a journaled generation step gets: the units a previous run finished, and where to record new ones. */
export interface JournalHandle<T> {
  done: ReadonlyMap<string, T>;
  record: (unit: string, value: T) => void;
  /** Every unit is done: an error from here on (too few questions) is final, and the journal is dropped. */
  allUnitsDone: () => void;
}

/**
 * Runs a generation into `dir` under its resume journal (see GenerationJournal): `work` gets the
 * units already done and records each new one as it finishes. When `work` succeeds (it writes
 * the dataset) the journal is deleted. When it fails before every unit is done (interrupted,
 * spend cap, server down) the journal stays for a resume; a failure after (too few questions
 * for the request) is final, so the journal goes, and so does the folder when this run made it.
 */
export async function journaledGeneration<T, R>(options: {
  dir: string;
  key: string;
  settings: JournalSettings;
  entry: z.ZodType<T>;
  resume?: boolean;
  /** The caller's option naming the output folder (default `out`). */
  option?: string;
  warn: (line: string) => void;
  work: (journal: JournalHandle<T>) => Promise<R>;
}): Promise<R> {
  const { dir } = options;
  refuseHandWrittenQa({ dir, option: options.option });
  const madeDir = !existsSync(dir);
  mkdirSync(dir, { recursive: true });
  const opened = (() => {
    try {
      return GenerationJournal.open({
        dir,
        key: options.key,
        settings: options.settings,
        entry: options.entry,
        resume: options.resume,
        warn: options.warn,
      });
    } catch (error) {
      // Only this run wrote into a folder it made.
      if (madeDir) rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  })();
  const { journal, done } = opened;
  let final = false;
  try {
    const result = await options.work({
      done,
      record: (unit, value) => journal.append(unit, value),
      allUnitsDone: () => {
        final = true;
      },
    });
    journal.finish();
    return result;
  } catch (error) {
    if (!final) journal.close();
    else {
      journal.finish();
      if (madeDir && readdirSync(dir).length === 0) rmdirSync(dir);
    }
    throw error;
  }
}
