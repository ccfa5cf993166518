import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('tune-rag run', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-run-'));

  it('runs the baseline on the demo set and writes the JSON report', () => {
    const result = runCli(
      ['run', '--dataset', 'demo', '--questions', '12', '--set', 'generator=extractive-span', '--json', 'out.json'],
      { cwd },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    expect(report.questions).toBe(12);
    expect(report.config.generator).toBe('extractive-span');
    for (const key of [
      'exact_match',
      'f1',
      'recall_at_k',
      'mrr',
      'ndcg_at_k',
      'faithfulness',
      'latency_p50_ms',
      'latency_p95_ms',
      'cost_usd_per_query',
    ]) {
      expect(report.metrics).toHaveProperty(key);
    }
    expect(report.metrics.cost_usd_per_query).toBe(0);
    expect(report.dataset.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('prints a metrics table, and a second identical run computes nothing', () => {
    const first = runCli(['run', '--dataset', 'demo', '--questions', '12'], { cwd });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/recall_at_k/);
    const second = runCli(['run', '--dataset', 'demo', '--questions', '12'], { cwd });
    expect(second.stdout).toMatch(/computed: nothing \(all cached\)/);
    const metricsOf = (out: string) => out.split('\n').filter((l) => /│ (f1|recall_at_k|latency_p95_ms) /.test(l));
    expect(metricsOf(second.stdout)).toEqual(metricsOf(first.stdout));
  });

  it('accepts its own JSON output as --config', () => {
    const result = runCli(
      ['run', '--dataset', 'demo', '--questions', '5', '--config', 'out.json', '--json', 'again.json'],
      { cwd },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'again.json'), 'utf8')).config.generator).toBe('extractive-span');
  });

  it('inspects a dataset', () => {
    const result = runCli(['datasets', 'inspect', 'demo'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/fingerprint/i);
    expect(result.stdout).toMatch(/75/);
  });
});
