import type { TuningEvents } from '../optimize/tuning-loop.js';
import { countsTowardBudget, type Study } from '../optimize/study.js';
import { summarizeStudy } from '../optimize/study-summary.js';
import { formatMetricValue } from '../metrics/format-metric-value.js';
import type { ProgressReporter } from './progress-bar.js';
import { LLM_STATUS_INTERVAL_MS } from './llm-progress-status.js';
import type { TrialRecord } from '../store/trial.js';

/**
 * Live progress of a tuning run: the bar counts finished trials against the budget; its status
 * shows the trial and rung in flight and the best so far. One line per finished trial is logged
 * above the bar so the history stays readable.
 */
export class TuneProgress {
  private current = '';
  private total = 0;
  private done = 0;
  private bestText = '';
  private ticker: NodeJS.Timeout | null = null;

  /**
   * `budget` is read at every update: steering can change it while the search runs. `llmStatus`
   * (e.g. `llm: 3 retries, 1 failing`) is re-read once a second too, since retries happen between
   * trial events; null hides it.
   */
  constructor(
    private readonly options: {
      study: Study;
      budget: () => number;
      reporter: ProgressReporter;
      quiet: boolean;
      describeConfig?: (trial: TrialRecord) => string;
      llmStatus?: () => string | null;
    },
  ) {}

  start(): void {
    this.total = this.options.budget();
    this.options.reporter.start(this.total, 'trials');
    this.refresh();
    if (this.options.llmStatus) {
      this.ticker = setInterval(() => this.render(), LLM_STATUS_INTERVAL_MS);
      this.ticker.unref();
    }
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    this.options.reporter.stop();
  }

  events(): TuningEvents {
    const rungs = this.options.study.settings.rungs;
    return {
      // A start or a rung changes what is in flight, not the finished trials: no study read.
      onTrialStart: (trial) => {
        this.current = `#${trial.number} rung 1/${rungs.length}`;
        this.render();
      },
      onRung: (trial, rung, decision) => {
        this.current = decision?.promote ? `#${trial.number} rung ${rung.rung + 2}/${rungs.length}` : '';
        this.render();
      },
      onTrialEnd: (trial) => {
        const objectives = this.options.study.settings.objectives;
        const values = objectives
          .map(
            (o) =>
              `${o.name} ${formatMetricValue(o.metric, trial.objectives?.[o.name])}${o.metric.endsWith('_ms') ? ' ms' : ''}`,
          )
          .join(', ');
        const where = trial.state === 'pruned' ? ` at rung ${trial.rungs.length}/${rungs.length}` : '';
        const config = this.options.describeConfig ? ` | ${this.options.describeConfig(trial)}` : '';
        if (!this.options.quiet)
          this.options.reporter.log(
            `#${String(trial.number).padEnd(3)} ${trial.state}${where} (${trial.proposer}) ${values}${trial.error ? ` — ${trial.error}` : ''}${config}`,
          );
        this.refresh();
      },
      onTrialLost: (trial) => {
        this.current = '';
        if (!this.options.quiet)
          this.options.reporter.log(
            `#${String(trial.number).padEnd(3)} recovered by another process (its heartbeat was older than the grace period): this result is dropped, the trial is re-run`,
          );
        this.refresh();
      },
    };
  }

  /** Re-reads the study now (other worker processes finish trials without events here). */
  poll(): void {
    this.refresh();
  }

  private refresh(): void {
    // Summarising reads every trial and fits the smoothed scores that break ties: CPU a silent
    // bar (no terminal, --json, a worker) would take from the trials themselves.
    if (!this.options.reporter.visible) return;
    const summary = summarizeStudy(this.options.study);
    const done = summary.trials.filter(countsTowardBudget).length;
    const best = summary.best;
    const quality = summary.objectives[0];
    const bestText =
      best && quality
        ? `best #${best.number} ${quality.name} ${formatMetricValue(quality.metric, best.objectives?.[quality.name])}`
        : 'best: none yet';
    const budget = this.options.budget();
    if (budget !== this.total) {
      this.total = budget;
      this.options.reporter.setTotal(budget);
    }
    this.done = Math.min(done, budget);
    this.bestText = bestText;
    this.render();
  }

  /** Redraws the status from the last study figures plus the live LLM counters (no study read). */
  private render(): void {
    if (!this.options.reporter.visible) return;
    this.options.reporter.update(
      this.done,
      [this.bestText, this.current, this.options.llmStatus?.()].filter(Boolean).join(' | '),
    );
  }
}
