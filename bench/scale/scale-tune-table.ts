import type { ScaleTuneRow } from './scale-tune-row.js';

/**
 * The tune row's table: one line per trial in the order trials ended (wall seconds, the largest
 * resident set sampled while it ran), then the totals. Dense trials' peak is listed apart: the
 * memory a dense configuration needs at this size, whatever BM25 trials held before it.
 */
export function formatScaleTuneTable(row: ScaleTuneRow): string {
  const out = [
    `  tune: ${row.trials.length} trials on ${row.docs.toLocaleString('en')} docs, ${row.questions} questions`,
    `  ${'#'.padStart(4)} ${'state'.padEnd(9)} ${'retrieval'.padEnd(24)} ${'chunking'.padEnd(18)} ${'wall s'.padStart(7)} ${'RSS MB'.padStart(7)}`,
  ];
  for (const t of row.trials) {
    const retrieval = t.embedder ? `${t.retrieval} ${t.embedder}` : t.retrieval;
    out.push(
      `  ${String(t.number).padStart(4)} ${t.state.padEnd(9)} ${retrieval.padEnd(24)} ${t.chunking.padEnd(18)} ${(t.wallMs / 1000).toFixed(1).padStart(7)} ${t.peakRssMb.toFixed(0).padStart(7)}`,
    );
  }
  const dense = row.trials.filter((t) => t.retrieval !== 'bm25');
  const half = Math.ceil(row.trials.length / 2);
  const mean = (xs: readonly { wallMs: number }[]) =>
    xs.length === 0 ? '-' : (xs.reduce((s, t) => s + t.wallMs, 0) / xs.length / 1000).toFixed(1);
  out.push(
    `  total ${(row.wallMs / 1000).toFixed(0)} s; mean trial ${mean(row.trials.slice(0, half))} s (first half) vs ${mean(row.trials.slice(half))} s (second half); ` +
      `peak RSS ${row.peakRssMb.toFixed(0)} MB (dense trials ${dense.length === 0 ? '-' : Math.max(...dense.map((t) => t.peakRssMb)).toFixed(0)} MB); cache ${row.cacheMb.toFixed(0)} MB`,
  );
  return out.join('\n');
}
