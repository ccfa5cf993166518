import type { EvalJobResult } from './eval-result.js';
import { explainVerdict, formatInterval, formatNumber } from './format-eval-summary.js';

/** Escapes text for XML attributes and content (names and paths come from user files). */
export function escapeXml(text: string): string {
  return (
    text
      // Characters XML 1.0 cannot carry at all, even escaped: drop them rather than write an unparseable file.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/**
 * JUnit XML of eval results: one testsuite per job, one testcase per metric, a <failure> on a
 * regression. CI systems (GitHub Actions reporters, GitLab, Jenkins) render this natively.
 */
export function formatJunit(results: readonly EvalJobResult[]): string {
  const total = results.reduce((n, r) => n + r.metrics.length, 0);
  const failures = results.reduce((n, r) => n + r.metrics.filter((m) => m.verdict === 'regression').length, 0);
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tune-rag eval" tests="${total}" failures="${failures}" errors="0">`,
  ];
  for (const r of results) {
    const suiteFailures = r.metrics.filter((m) => m.verdict === 'regression').length;
    out.push(
      `  <testsuite name="${escapeXml(r.name)}" tests="${r.metrics.length}" failures="${suiteFailures}" errors="0" time="${seconds(r.wallMs)}" timestamp="${new Date(r.startedAt).toISOString()}">`,
    );
    out.push('    <properties>');
    const properties: [string, string][] = [
      ['dataset', r.dataset.name],
      ['dataset.fingerprint', r.dataset.fingerprint],
      ['questions', String(r.dataset.questions)],
      ['candidate', r.candidate.source],
      ['candidate.config_hash', r.candidate.configHash],
      ['baseline', r.baseline.source],
      ['baseline.config_hash', r.baseline.configHash],
      ['seed', String(r.seed)],
      ['repeat', String(r.repeat)],
      ['tune-rag', r.versions['tune-rag']],
    ];
    for (const [name, value] of properties)
      out.push(`      <property name="${escapeXml(name)}" value="${escapeXml(value)}"/>`);
    out.push('    </properties>');
    for (const m of r.metrics) {
      const detail = `baseline ${formatNumber(m.baselineMean)}, candidate ${formatNumber(m.candidateMean)}, diff ${formatNumber(m.difference, { signed: true })}, 95% CI ${formatInterval(m)}, n=${m.n}: ${explainVerdict(m)}`;
      out.push(
        `    <testcase classname="${escapeXml(`tune-rag.eval.${r.name}`)}" name="${escapeXml(m.metric)}" time="0">`,
      );
      if (m.verdict === 'regression')
        out.push(
          `      <failure message="${escapeXml(`${m.metric} regressed: ${detail}`)}" type="regression">${escapeXml(detail)}</failure>`,
        );
      else out.push(`      <system-out>${escapeXml(detail)}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
