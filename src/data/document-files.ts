import { readdir } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';

/** File extensions read as documents in a folder dataset (lower case, with dot). */
export const DOCUMENT_EXTENSIONS: readonly string[] = [
  '.md',
  '.markdown',
  '.txt',
  '.html',
  '.htm',
  '.pdf',
  '.docx',
  '.csv',
  '.json',
  '.jsonl',
];

/**
 * Question files at a dataset folder's root (a folder dataset's qa.jsonl / qa.csv, BEIR's
 * queries.jsonl): never read as documents, whatever their extension.
 */
export const QUESTION_FILES: readonly string[] = ['qa.jsonl', 'qa.csv', 'queries.jsonl'];

/** True for a path whose extension is a document extension (case-insensitive). */
export function isDocumentPath(path: string): boolean {
  return DOCUMENT_EXTENSIONS.includes(extname(path).toLowerCase());
}

/**
 * The document id of a file: its path relative to the dataset root, posix separators, without
 * the extension (`guides/setup.md` → `guides/setup`), so ids are the same on every OS.
 */
export function documentId(relativePath: string): string {
  const posix = relativePath.split(sep).join('/').replace(/\\/g, '/');
  return isDocumentPath(posix) ? posix.slice(0, posix.length - extname(posix).length) : posix;
}

/**
 * Relative paths (OS separators) of every document file under `root`, recursively, sorted so
 * the corpus order (and thus the fingerprint) is the same on every machine. Hidden entries and
 * node_modules are skipped: they are tooling, not content; so are the questions files at the root.
 */
export async function listDocumentFiles(options: { root: string }): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && isDocumentPath(entry.name) && !isQuestionFile(options.root, full))
        found.push(relative(options.root, full));
    }
  };
  await walk(options.root);
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function isQuestionFile(root: string, full: string): boolean {
  return QUESTION_FILES.includes(relative(root, full));
}
