import { relative } from 'node:path';
import type { StudyOpening } from '../optimize/open-study.js';
import { formatMetricValue } from '../metrics/format-metric-value.js';
import type { StudySummary } from '../optimize/study-summary.js';

/**
 * The one line `tune --json FILE` prints on stdout instead of the full report: which study
 * (created or reused), the trial counts, the best trial's first objective, and every file written
 * (relative to the working folder when inside it), so a script's log still says what happened.
 */
export function tuneJsonLine(options: {
  summary: StudySummary;
  opening: StudyOpening;
  written: string[];
  cwd: string;
}): string {
  const { summary, opening } = options;
  const c = summary.counts;
  const how =
    opening === 'created' ? 'new' : opening === 'same-command' ? 'reused: the same command ran before' : 'resumed';
  const quality = summary.objectives[0];
  const best =
    summary.best && quality
      ? `best #${summary.best.number} ${quality.name} ${formatMetricValue(quality.metric, summary.best.objectives?.[quality.name])}`
      : 'no complete trial';
  const files = options.written.map((path) => {
    const rel = relative(options.cwd, path);
    return rel.startsWith('..') ? path : rel;
  });
  return `study ${summary.name} (${how}): ${c.complete} complete, ${c.pruned} pruned, ${c.failed} failed; ${best}; wrote ${files.join(', ')}`;
}
