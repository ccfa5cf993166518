import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CorpusDoc, QaItem } from '../data/dataset-schema.js';
import { TuneRagError, optionRef } from '../errors.js';
import { GenerationReportSchema, type GenerationReport } from '../data/generation-report.js';

const REPORT_FILE = 'generation.json';

/**
 * The generation report stored in `dir`, or null when there is none or it is not one (then the
 * folder is not a generated set this generator can reuse).
 */
export function readGenerationReport(dir: string): GenerationReport | null {
  const path = join(dir, REPORT_FILE);
  if (!existsSync(path)) return null;
  try {
    const parsed = GenerationReportSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Refuses a folder that holds a qa.jsonl tune-rag did not generate: a hand-written set is never overwritten. */
export function refuseHandWrittenQa(options: { dir: string; option?: string }): void {
  const { dir } = options;
  if (existsSync(join(dir, 'qa.jsonl')) && readGenerationReport(dir) === null) {
    throw new TuneRagError(
      'cli',
      `${optionRef(options.option ?? 'out')} ${dir}: the folder already has a qa.jsonl that tune-rag did not generate`,
      {
        hint: `Pick another ${optionRef(options.option ?? 'out')} folder; a hand-written qa.jsonl is never overwritten.`,
      },
    );
  }
}

/**
 * Writes a native dataset (corpus.jsonl, qa.jsonl) and generation.json into `dir`. Refuses a
 * folder that already holds a qa.jsonl from elsewhere (a hand-written set is never overwritten).
 * Each file is written to a temporary name and renamed, and generation.json goes last, so an
 * interrupted write never leaves a folder that looks complete.
 */
export function writeGeneratedDataset(options: {
  dir: string;
  docs: readonly CorpusDoc[];
  items: readonly QaItem[];
  report: GenerationReport;
  option?: string;
}): void {
  const { dir, docs, items, report } = options;
  refuseHandWrittenQa({ dir, option: options.option });
  mkdirSync(dir, { recursive: true });
  const write = (name: string, text: string): void => {
    writeFileSync(join(dir, `${name}.tmp`), text);
    renameSync(join(dir, `${name}.tmp`), join(dir, name));
  };
  const lines = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join('\n') + '\n';
  write(
    'corpus.jsonl',
    lines(docs.map((d) => ({ id: d.id, ...(d.title === undefined ? {} : { title: d.title }), text: d.text }))),
  );
  write('qa.jsonl', lines(items));
  write(REPORT_FILE, JSON.stringify(report, null, 2) + '\n');
}
