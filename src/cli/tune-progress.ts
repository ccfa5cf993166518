import type { TuningEvents } from '../optimize/tuning-loop.js';
import { countsTowardBudget, type Study } from '../optimize/study.js';
import { summarizeStudy } from '../report/study-summary.js';
import { formatMetricValue } from '../report/metrics-table.js';
import type { ProgressReporter } from './progress-bar.js';

/**
 * Live progress of a tuning run: the bar counts finished trials against the budget; its status
 * shows the trial and rung in flight and the best so far. One line per finished trial is logged
 * above the bar so the history stays readable.
 */
export class TuneProgress {
  private current = '';

  constructor(private readonly options: { study: Study; budget: number; reporter: ProgressReporter; quiet: boolean }) {}

  start(): void {
    this.options.reporter.start(this.options.budget, 'trials');
    this.refresh();
  }

  stop(): void {
    this.options.reporter.stop();
  }

  events(): TuningEvents {
    const rungs = this.options.study.settings.rungs;
    return {
      onTrialStart: (trial) => {
        this.current = `#${trial.number} rung 1/${rungs.length}`;
        this.refresh();
      },
      onRung: (trial, rung, decision) => {
        this.current = decision?.promote ? `#${trial.number} rung ${rung.rung + 2}/${rungs.length}` : '';
        this.refresh();
      },
      onTrialEnd: (trial) => {
        const objectives = this.options.study.settings.objectives;
        const values = objectives.map((o) => `${o.name} ${formatMetricValue(o.metric, trial.objectives?.[o.name])}${o.metric.endsWith('_ms') ? ' ms' : ''}`).join(', ');
        const where = trial.state === 'pruned' ? ` at rung ${trial.rungs.length}/${rungs.length}` : '';
        if (!this.options.quiet) this.options.reporter.log(`#${String(trial.number).padEnd(3)} ${trial.state}${where} (${trial.proposer}) ${values}${trial.error ? ` — ${trial.error}` : ''}`);
        this.refresh();
      },
    };
  }

  private refresh(): void {
    const summary = summarizeStudy(this.options.study);
    const done = summary.trials.filter(countsTowardBudget).length;
    const best = summary.best;
    const quality = summary.objectives[0];
    const bestText = best && quality ? `best #${best.number} ${quality.name} ${formatMetricValue(quality.metric, best.objectives?.[quality.name])}` : 'best: none yet';
    this.options.reporter.update(Math.min(done, this.options.budget), [bestText, this.current].filter(Boolean).join(' | '));
  }
}
