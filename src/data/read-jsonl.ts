import type { z } from 'zod';
import type { DatasetIssues } from './dataset-issues.js';
import { describeZodIssue } from './describe-zod-issue.js';
import { readTextFile } from './read-text-file.js';

/** One valid record of a JSONL file and the 1-based line it came from. */
export interface JsonlRecord<T> {
  line: number;
  value: T;
}

/**
 * Reads a JSONL file: one JSON value a line, blank lines skipped, each validated with `schema`.
 *
 * Bad lines do not throw: each adds `label:LINE: <what is wrong> — <what to do>` to `issues`
 * and is left out of the result, so the caller can report every problem at once
 * (`issues.throwIfAny`). Scanning stops once `issues` is full. A missing, unreadable or
 * non-UTF-8 file throws at once (see readTextFile).
 *
 * @param label how messages name the file, e.g. `qa.jsonl`.
 * @param what what the file should contain, for the "not found" message.
 */
export async function readJsonl<S extends z.ZodType>(options: {
  path: string;
  label: string;
  what: string;
  schema: S;
  issues: DatasetIssues;
}): Promise<Array<JsonlRecord<z.output<S>>>> {
  const { path, label, what, schema, issues } = options;
  const text = await readTextFile({ path, label, what });
  const records: Array<JsonlRecord<z.output<S>>> = [];
  let lineNo = 0;
  let pos = 0;
  while (pos <= text.length && !issues.full) {
    const end = text.indexOf('\n', pos);
    const raw = text.slice(pos, end === -1 ? text.length : end);
    pos = end === -1 ? text.length + 1 : end + 1;
    lineNo++;
    if (raw.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      issues.add(`${label}:${lineNo}: malformed JSON (${(error as Error).message}) — fix the line or remove it`);
      continue;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) {
      records.push({ line: lineNo, value: parsed.data });
      continue;
    }
    const problems = parsed.error.issues.map((issue) => describeZodIssue({ issue, input: json }));
    issues.add(`${label}:${lineNo}: ${problems.join('; ')} — fix the line or remove it`);
  }
  return records;
}
