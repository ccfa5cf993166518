import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

const created: string[] = [];

afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` (relative path → content) into a fresh temp folder, removed after the test. */
export function tempDataset(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'tune-rag-data-'));
  created.push(root);
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

/** JSONL text from records, one JSON a line. */
export function jsonl(...records: unknown[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

/** The message of the error `run` rejects with (fails the test if it resolves). */
export async function errorOf(run: () => Promise<unknown>): Promise<Error & { code?: string; hint?: string }> {
  try {
    await run();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected an error, got none');
}
