import type { InspectReport, LengthStats } from './inspect-dataset.js';

/**
 * The inspect report as terminal text: aligned `label  value` lines, no colours (so it can be
 * piped or pasted into an issue). Takes the report object itself, as `datasets inspect` does.
 */
export function formatInspectReport(report: InspectReport): string {
  const c = report.counts;
  const rows: Array<[string, string]> = [
    ['dataset', `${report.name} (${report.format})`],
    ['source', report.source],
    ['fingerprint', report.fingerprint],
    ['documents', num(c.docs)],
    [
      'questions',
      `${num(c.questions)} (${num(c.questionsWithAnswers)} with answers, ${num(c.questionsWithGold)} with gold)`,
    ],
    ['doc length (chars)', stats(report.docLength.chars)],
    ['doc length (words)', stats(report.docLength.words)],
    [
      'question length p50',
      `${num(report.questionLength.charsP50)} chars, ${num(report.questionLength.wordsP50)} words`,
    ],
    ['answers in corpus', pct(report.answersInCorpus, 'verbatim, case-insensitive')],
    ['answers in gold docs', pct(report.answersInGoldDocs, 'of questions with answers and gold')],
    ['gold coverage', pct(report.goldCoverage, 'of questions have gold docs or spans')],
    [
      'gold docs / question',
      report.meanGoldDocsPerQuestion === null ? 'n/a' : report.meanGoldDocsPerQuestion.toFixed(2),
    ],
  ];
  const g = report.generation;
  if (g) {
    const types = Object.entries(g.types)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([t, n]) => `${t} ${n}`)
      .join(', ');
    rows.push([
      'generated',
      `${num(g.generatedQuestions)} questions by ${g.generators.join(', ')}; types: ${types}; documents covered ${num(g.documentsCovered)}/${num(g.documents)}`,
    ]);
    if (g.filters) rows.push(['filter drops', g.filters.map((f) => `${f.name} ${num(f.dropped)}`).join(', ')]);
  }
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const lines = rows.map(([label, value]) => label.padEnd(width) + value);
  if (report.warnings.length === 0) lines.push('warnings'.padEnd(width) + 'none');
  else report.warnings.forEach((w, i) => lines.push((i === 0 ? 'warnings' : '').padEnd(width) + w.message));
  return lines.join('\n');
}

function num(n: number): string {
  return n.toLocaleString('en-US');
}

function stats(s: LengthStats): string {
  return `p5 ${num(s.p5)} · p50 ${num(s.p50)} · p95 ${num(s.p95)} · max ${num(s.max)}`;
}

function pct(share: number | null, note: string): string {
  return share === null ? 'n/a' : `${(share * 100).toFixed(1)}% (${note})`;
}
