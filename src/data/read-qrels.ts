import type { DatasetIssues } from './dataset-issues.js';
import { readTextFile } from './read-text-file.js';

/** One relevance judgement of a BEIR qrels file. */
export interface Qrel {
  queryId: string;
  docId: string;
  score: number;
  line: number;
}

/**
 * Reads a BEIR qrels TSV: `query-id<TAB>corpus-id<TAB>score` a line, with an optional header
 * (recognised by a non-numeric score column). Bad lines go to `issues` as `label:LINE: ...`.
 */
export async function readQrels(options: { path: string; label: string; issues: DatasetIssues }): Promise<Qrel[]> {
  const { path, label, issues } = options;
  const text = await readTextFile({
    path,
    label,
    what: 'BEIR relevance judgements: query-id<TAB>corpus-id<TAB>score a line',
  });
  const qrels: Qrel[] = [];
  let seenFirst = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && !issues.full; i++) {
    const raw = lines[i].replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const cells = raw.split('\t');
    const isFirst = !seenFirst;
    seenFirst = true;
    if (isFirst && cells.length >= 3 && !isNumeric(cells[2])) continue; // header
    if (cells.length !== 3) {
      issues.add(
        `${label}:${i + 1}: expected 3 tab-separated columns (query-id, corpus-id, score), got ${cells.length} — fix the line or remove it`,
      );
      continue;
    }
    const [queryId, docId, scoreText] = cells.map((c) => c.trim());
    if (!isNumeric(scoreText)) {
      issues.add(`${label}:${i + 1}: score "${scoreText}" is not a number — use an integer (> 0 means relevant)`);
      continue;
    }
    qrels.push({ queryId, docId, score: Number(scoreText), line: i + 1 });
  }
  return qrels;
}

function isNumeric(text: string): boolean {
  return text.trim() !== '' && Number.isFinite(Number(text));
}
