import type { ScaleRow } from './scale-row.js';

const COLUMNS: [string, number][] = [
  ['docs', 8],
  ['chunks', 8],
  ['setup', 21],
  ['cold s', 7],
  ['warm s', 7],
  ['chunk', 6],
  ['embed', 6],
  ['index', 6],
  ['retr', 6],
  ['RSS cold', 8],
  ['RSS warm', 8],
  ['cache MB', 9],
  ['recall', 7],
  ['hit', 6],
  ['exact', 6],
  ['overlap', 8],
  ['vs bm25', 8],
  ['search', 7],
];

/**
 * The scale section's table: times in seconds (stage columns are the recorded build costs of the
 * cold trial, `retr` the retrieve stage summed over questions), recall@k and hit@k of the trial,
 * `exact` the recall of brute-force search over the same vectors, `overlap` the share of the
 * exact top k the trial returned, `vs bm25` recall minus BM25's at the same size, `search` the
 * trial's dense search (exact, or hnsw with its ann_recall); `RSS cold` the peak resident set (MB)
 * of the cold trial, `RSS warm` of the cold and then the warm trial in the same process.
 */
export function formatScaleTable(rows: readonly ScaleRow[]): string {
  const line = (cells: string[]) =>
    '  ' + cells.map((c, i) => (i === 2 ? c.padEnd(COLUMNS[i][1]) : c.padStart(COLUMNS[i][1]))).join(' ');
  const s = (ms: number) => (ms / 1000).toFixed(1);
  const f = (x: number | null | undefined) => (x === null || x === undefined ? '-' : x.toFixed(3));
  const out = [line(COLUMNS.map(([name]) => name))];
  for (const row of rows) {
    const bm25 = rows.find((r) => r.docs === row.docs && r.label === 'bm25')?.recall;
    const exactUsed = row.trialMetrics.dense_search_exact;
    const search =
      exactUsed === null || exactUsed === undefined
        ? '-'
        : exactUsed === 1
          ? 'exact'
          : `hnsw ${f(row.trialMetrics.ann_recall)}`;
    out.push(
      line([
        row.docs.toLocaleString('en'),
        row.chunks.toLocaleString('en'),
        row.label,
        s(row.coldMs),
        s(row.warmMs),
        s(row.chunkMs),
        s(row.embedMs),
        s(row.indexMs),
        s(row.retrieveMs),
        row.coldRssMb.toFixed(0),
        row.peakRssMb.toFixed(0),
        row.cacheMb.toFixed(0),
        f(row.recall),
        f(row.hit),
        f(row.exact?.recall),
        f(row.exact?.overlap),
        row.recall === null || bm25 === null || bm25 === undefined ? '-' : (row.recall - bm25).toFixed(3),
        search,
      ]),
    );
    if (row.failures > 0) out.push(`    ${row.failures} question(s) FAILED in this row`);
  }
  return out.join('\n');
}
