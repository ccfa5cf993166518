import type { EvalJobResult } from './eval-result.js';
import { formatInterval, formatNumber } from './format-eval-summary.js';

/** Escapes a cell so "|" or a newline in a name or path cannot break the table. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const VERDICT_LABEL = { ok: 'ok', improved: 'improved', regression: '**REGRESSION**', 'no-data': 'no data' } as const;

/** A Markdown report of eval results (for a PR comment or a job summary): one row per job × metric. */
export function formatMarkdown(results: readonly EvalJobResult[]): string {
  const regressed = results.filter((r) => r.regressed).map((r) => r.name);
  const lines = [
    '# tune-rag eval',
    '',
    regressed.length
      ? `**Regression** in ${regressed.map(cell).join(', ')}.`
      : `No regression in ${results.length} job${results.length === 1 ? '' : 's'}.`,
    '',
    '| job | metric | baseline | candidate | diff | 95% CI | n | verdict |',
    '| --- | --- | ---: | ---: | ---: | --- | ---: | --- |',
  ];
  for (const r of results) {
    for (const m of r.metrics) {
      lines.push(
        `| ${cell(r.name)} | ${m.metric} | ${formatNumber(m.baselineMean)} | ${formatNumber(m.candidateMean)} | ${formatNumber(m.difference, { signed: true })} | ${formatInterval(m)} | ${m.n} | ${VERDICT_LABEL[m.verdict]} |`,
      );
    }
  }
  lines.push(
    '',
    '| job | dataset | fingerprint | questions | candidate | baseline | repeat |',
    '| --- | --- | --- | ---: | --- | --- | ---: |',
  );
  for (const r of results) {
    lines.push(
      `| ${cell(r.name)} | ${cell(r.dataset.name)} | \`${r.dataset.fingerprint}\` | ${r.dataset.questions} | ${cell(r.candidate.source)} (\`${r.candidate.configHash}\`) | ${cell(r.baseline.source)} (\`${r.baseline.configHash}\`) | ${r.repeat} |`,
    );
  }
  return lines.join('\n') + '\n';
}
