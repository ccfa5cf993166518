import { extname } from 'node:path';
import type { DatasetIssues } from './dataset-issues.js';
import { describeZodIssue } from './describe-zod-issue.js';
import { FILE_DOCUMENT_SHAPE, type FileDocument, FileDocumentSchema } from './file-document-schema.js';
import type { LocatedDoc } from './located-doc.js';
import { readJsonl } from './read-jsonl.js';
import { readTextFile } from './read-text-file.js';

/**
 * Reads a .json or .jsonl document file. JSON: one document object, or an array of them.
 * JSONL: one document object a line. Each object is `{"text", "id"?, "title"?}`; a missing id
 * becomes the file's id (a lone object) or `<file id>#<n>` (n-th record from 1). Anything else
 * goes to `issues` naming the file (and line for JSONL) and the expected keys.
 */
export async function readJsonDocuments(options: {
  path: string;
  id: string;
  label: string;
  issues: DatasetIssues;
}): Promise<LocatedDoc[]> {
  const { path, id, label, issues } = options;
  const what = `documents as JSON objects ${FILE_DOCUMENT_SHAPE}`;
  if (extname(path).toLowerCase() === '.jsonl') {
    const records = await readJsonl({
      path,
      label,
      what,
      schema: FileDocumentSchema,
      issues,
    });
    return records.map(({ line, value }, i) => ({ doc: toDoc(value, `${id}#${i + 1}`), source: `${label}:${line}` }));
  }
  const text = await readTextFile({ path, label, what });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    issues.add(`${label}: malformed JSON (${(error as Error).message}) — fix the file or remove it`);
    return [];
  }
  if (!Array.isArray(json)) return parseOne({ json, id, source: label, issues });
  return json.flatMap((item, i) => parseOne({ json: item, id: `${id}#${i + 1}`, source: `${label}[${i}]`, issues }));
}

function parseOne(options: { json: unknown; id: string; source: string; issues: DatasetIssues }): LocatedDoc[] {
  const { json, id, source, issues } = options;
  const parsed = FileDocumentSchema.safeParse(json);
  if (parsed.success) return [{ doc: toDoc(parsed.data, id), source }];
  const problems = parsed.error.issues.map((issue) => describeZodIssue({ issue, input: json }));
  // An object without `text` is usually another layout ({"documents": [...]}): its keys say which.
  const keys =
    json !== null && typeof json === 'object' && !Array.isArray(json)
      ? ` (its keys: ${Object.keys(json).join(', ') || 'none'})`
      : '';
  issues.add(
    `${source}: ${problems.join('; ')}${keys} — a JSON document file holds ${FILE_DOCUMENT_SHAPE} or an array of them`,
  );
  return [];
}

function toDoc(value: FileDocument, fallbackId: string): LocatedDoc['doc'] {
  return { id: value.id ?? fallbackId, title: value.title, text: value.text };
}
