import type { GenerationReport } from '../data/generation-report.js';

/** The lines `generate` prints: what was written, type mix, coverage, and each filter's removals. */
export function formatGenerationReport(options: {
  report: GenerationReport;
  outDir: string;
  reused: boolean;
}): string[] {
  const { report: r, outDir, reused } = options;
  const types = Object.entries(r.type_counts)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([t, k]) => `${t} ${k}`)
    .join(', ');
  // The LLM report's names ("answer-in-evidence") are longer than the offline ones: one column for all.
  const width = Math.max(15, ...r.filters.map((f) => f.name.length));
  return [
    `${reused ? 'Reused' : 'Generated'} ${r.written} questions (${r.generator} v${r.version}, seed ${r.seed}) from ${r.documents} documents in ${outDir}`,
    `  types: ${types}; documents covered: ${r.documents_covered}/${r.documents}; possible with these filters: ${r.possible}`,
    `  ${r.sentences === undefined ? '' : `${r.sentences} sentences, ${r.informative_sentences} informative, `}${r.candidates} candidate ${r.sentences === undefined ? 'items' : 'answers'}; dropped by filter:`,
    ...r.filters.map((f) => `    ${f.name.padEnd(width)} ${String(f.dropped).padStart(5)}  ${f.reason}`),
  ];
}
