import { describe, expect, it } from 'vitest';
import { evalJson } from '../../src/regression/eval-json.js';
import { escapeXml, formatJunit } from '../../src/regression/eval-junit.js';
import { formatMarkdown } from '../../src/regression/eval-markdown.js';
import { formatEvalSummary } from '../../src/regression/format-eval-summary.js';
import { sampleResult } from './eval-fixtures.js';

describe('eval outputs', () => {
  it('summary: one line per metric with baseline, candidate, difference, CI and verdict', () => {
    const lines = formatEvalSummary(sampleResult());
    const f1 = lines.find((l) => l.includes(' f1 '))!;
    expect(f1).toMatch(
      /baseline 0\.250 +candidate 0\.100 +diff -0\.150 +95% CI \[-0\.270, -0\.030\] +n=40 +REGRESSION/,
    );
    expect(lines.find((l) => l.includes('recall_at_k'))).toMatch(/ok$/);
    expect(lines.at(-1)).toMatch(/REGRESSION/);
  });

  it('JUnit: one testcase per metric, a failure on regression, everything XML-escaped', () => {
    const xml = formatJunit([sampleResult()]);
    expect(xml).toContain('<testsuites name="tune-rag eval" tests="2" failures="1" errors="0">');
    expect((xml.match(/<testcase /g) ?? []).length).toBe(2);
    expect((xml.match(/<failure /g) ?? []).length).toBe(1);
    expect(xml).toContain('name="nightly&lt;&amp;&gt;&quot;job&quot;"');
    expect(xml).not.toMatch(/<&>/);
    expect(escapeXml('a\u0001b<')).toBe('ab&lt;');
  });

  it('Markdown: a row per job x metric, pipes in names escaped', () => {
    const md = formatMarkdown([sampleResult({ name: 'a|b' })]);
    expect(md).toContain('| a\\|b | f1 | 0.250 | 0.100 | -0.150 | [-0.270, -0.030] | 40 | **REGRESSION** |');
    expect(md).toContain('| a\\|b | recall_at_k | 0.800 | 0.790 | -0.010 |');
  });

  it('JSON: every number, hashes, fingerprint and versions', () => {
    const json = evalJson([sampleResult()]) as { regressed: boolean; jobs: Record<string, any>[] };
    expect(json.regressed).toBe(true);
    const job = json.jobs[0];
    expect(job.dataset.fingerprint).toBe('abcdef0123456789');
    expect(job.candidate.config_hash).toBe('1111111111111111');
    expect(job.baseline.config_hash).toBe('2222222222222222');
    expect(job.versions['tune-rag']).toBe('0.1.0');
    expect(job.metrics[0]).toMatchObject({
      metric: 'f1',
      baseline_mean: 0.25,
      candidate_mean: 0.1,
      difference: -0.15,
      ci_low: -0.27,
      ci_high: -0.03,
      verdict: 'regression',
    });
  });
});
