import Table from 'cli-table3';
import type { EvalHistoryRecord } from './eval-history-store.js';
import { formatNumber } from './format-eval-summary.js';

/** At most this many runs per job are shown in full; older ones only count in the trend line. */
const SHOWN_RUNS = 20;

/**
 * `eval --history`: per job, a table of its runs (time, dataset fingerprint, config hash, each
 * metric's candidate mean and difference, verdict) and one trend line per metric. A changed
 * fingerprint or config hash between rows is the first thing to check when a metric moves.
 */
export function formatEvalHistory(records: readonly EvalHistoryRecord[]): string {
  const byJob = new Map<string, EvalHistoryRecord[]>();
  for (const record of records) byJob.set(record.job, [...(byJob.get(record.job) ?? []), record]);
  const blocks: string[] = [];
  for (const [job, runs] of byJob) {
    const metrics = [...new Set(runs.flatMap((r) => r.metrics.map((m) => m.metric)))];
    const table = new Table({
      head: ['#', 'time (UTC)', 'dataset', 'fingerprint', 'config', 'n', ...metrics, 'verdict'],
      style: { head: [], border: [], compact: true },
    });
    for (const run of runs.slice(-SHOWN_RUNS)) {
      const cells = metrics.map((name) => {
        const m = run.metrics.find((x) => x.metric === name);
        return m ? `${formatNumber(m.candidateMean)} (${formatNumber(m.difference, { signed: true })})` : '-';
      });
      table.push([
        run.id,
        new Date(run.startedAt).toISOString().slice(0, 16).replace('T', ' '),
        run.datasetName,
        run.datasetFingerprint,
        run.candidateHash.slice(0, 8),
        run.questions,
        ...cells,
        run.regressed ? 'REGRESSION' : 'ok',
      ]);
    }
    const lines = [
      `job ${job}: ${runs.length} run${runs.length === 1 ? '' : 's'}, ${runs.filter((r) => r.regressed).length} regressed; cells are candidate mean (difference vs baseline)`,
      table.toString(),
    ];
    for (const name of metrics) lines.push(`  ${name} trend: ${trend(runs, name)}`);
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
}

function trend(runs: readonly EvalHistoryRecord[], metric: string): string {
  const values = runs
    .map((r) => r.metrics.find((m) => m.metric === metric)?.candidateMean ?? null)
    .filter((v): v is number => v !== null);
  if (values.length === 0) return 'no data';
  const shown = values
    .slice(-10)
    .map((v) => formatNumber(v))
    .join(' → ');
  const change = values[values.length - 1] - values[0];
  return `${values.length > 10 ? '… ' : ''}${shown} (${formatNumber(change, { signed: true })} since the first run)`;
}
