import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { TuneRagError, optionRef } from '../errors.js';
import { canonicalJson } from '../json/canonical-json.js';

/** The journal of an unfinished generation, in its --out folder; removed once the dataset is written. */
export const JOURNAL_FILE = 'generation.partial.jsonl';

/** What a generation's results depend on, shown when a journal of other settings is refused. */
export type JournalSettings = Record<string, string | number | readonly string[]>;

interface JournalHeader {
  journal: 'tune-rag generate';
  key: string;
  settings: JournalSettings;
}

/**
 * The resume journal of a generation: a header naming its settings, then one line per finished
 * unit of work (an LLM request's checked items, a probe's verdicts). Each line is appended,
 * fsynced and read back before the generator moves on, so a SIGKILL loses at most the unit in
 * flight. Reading it back drops a truncated last line (the write a crash cut) with a warning;
 * any other damage, or a header of other settings, is an error naming the file and the fix.
 */
export class GenerationJournal<T> {
  private constructor(
    private readonly path: string,
    private fd: number,
    private offset: number,
  ) {}

  /**
   * Opens the journal in `dir`: the units already done (empty for a new journal) and the journal
   * to append to. `resume` demands a journal to continue (an error when there is none); without
   * it a journal of the same settings is continued and none is started afresh.
   */
  static open<T>(options: {
    dir: string;
    key: string;
    settings: JournalSettings;
    entry: z.ZodType<T>;
    resume?: boolean;
    warn: (line: string) => void;
  }): { journal: GenerationJournal<T>; done: Map<string, T> } {
    const path = join(options.dir, JOURNAL_FILE);
    if (!existsSync(path)) {
      if (options.resume)
        throw new TuneRagError(
          'cli',
          `${optionRef('resume')}: ${options.dir} holds no partial generation (${JOURNAL_FILE})`,
          {
            hint: `Drop ${optionRef('resume')} to start one, or give the ${optionRef('out')} folder of the interrupted run.`,
          },
        );
      const header: JournalHeader = { journal: 'tune-rag generate', key: options.key, settings: options.settings };
      const journal = new GenerationJournal<T>(path, openSync(path, 'w+'), 0);
      journal.appendLine(JSON.stringify(header));
      return { journal, done: new Map() };
    }
    const text = readFileSync(path, 'utf8');
    const complete = text.lastIndexOf('\n') + 1;
    if (complete < text.length)
      options.warn(
        `warning: ${path}: dropped a truncated last line (${Buffer.byteLength(text.slice(complete))} bytes, a write the interruption cut); that unit is generated again`,
      );
    const lines = text.slice(0, complete).split('\n').slice(0, -1);
    const header = parseLine(path, lines[0] ?? '', 1) as JournalHeader | null;
    if (header?.journal !== 'tune-rag generate') throw corrupt(path, 1);
    if (header.key !== options.key)
      throw otherSettings({ path, dir: options.dir, was: header.settings, now: options.settings });
    const done = new Map<string, T>();
    lines.slice(1).forEach((line, i) => {
      const parsed = parseLine(path, line, i + 2) as { unit?: unknown; value?: unknown } | null;
      const value = options.entry.safeParse(parsed?.value);
      if (typeof parsed?.unit !== 'string' || !value.success) throw corrupt(path, i + 2);
      done.set(parsed.unit, value.data);
    });
    const fd = openSync(path, 'r+');
    const bytes = Buffer.byteLength(text.slice(0, complete));
    ftruncateSync(fd, bytes);
    return { journal: new GenerationJournal<T>(path, fd, bytes), done };
  }

  /** Makes one finished unit durable: appended, fsynced, and read back byte for byte. */
  append(unit: string, value: T): void {
    this.appendLine(JSON.stringify({ unit, value }));
  }

  /** Closes the journal and deletes it: the dataset it led to is written. */
  finish(): void {
    this.close();
    rmSync(this.path, { force: true });
  }

  /** Closes the journal, keeping it for a resume. */
  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }

  private appendLine(line: string): void {
    const data = Buffer.from(`${line}\n`);
    let written = 0;
    while (written < data.length) {
      const n = writeSync(this.fd, data, written, data.length - written, this.offset + written);
      if (n <= 0)
        throw new TuneRagError('io', `${this.path}: short write (${written} of ${data.length} bytes)`, {
          hint: 'Free disk space, then run the same command again to resume.',
        });
      written += n;
    }
    fsyncSync(this.fd);
    const back = Buffer.alloc(data.length);
    readSync(this.fd, back, 0, data.length, this.offset);
    if (!back.equals(data))
      throw new TuneRagError('io', `${this.path}: a journal line read back differs from what was written`, {
        hint: 'The disk or file system is failing; move --out to another disk and run again.',
      });
    this.offset += data.length;
  }
}

function parseLine(path: string, line: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw corrupt(path, lineNumber);
  }
}

function corrupt(path: string, line: number): TuneRagError {
  return new TuneRagError('cli', `${path}: line ${line} is not a generation journal line`, {
    hint: `Delete ${JOURNAL_FILE} to generate from the start.`,
  });
}

function otherSettings(options: {
  path: string;
  dir: string;
  was: JournalSettings;
  now: JournalSettings;
}): TuneRagError {
  const names = [...new Set([...Object.keys(options.was), ...Object.keys(options.now)])];
  const differ = names
    .filter((k) => canonicalJson(options.was[k]) !== canonicalJson(options.now[k]))
    .map((k) => `${k} ${canonicalJson(options.was[k])} there, ${canonicalJson(options.now[k])} now`);
  return new TuneRagError(
    'cli',
    `${optionRef('out')} ${options.dir} holds a partial generation with other settings (${differ.join('; ') || 'generator inputs differ'})`,
    {
      hint: `Rerun with the same settings to resume it, pick another ${optionRef('out')} folder, or delete ${options.path} to start over.`,
    },
  );
}
