import { describe, expect, it } from 'vitest';
import { TuneProgress } from '../../src/cli/tune-progress.js';
import type { ProgressReporter } from '../../src/cli/progress-bar.js';
import type { Study } from '../../src/optimize/study.js';
import type { TrialRecord } from '../../src/store/trial.js';

/** A study whose only observable is how often its trials are read (each read is a store query). */
function countingStudy() {
  const reads = { count: 0 };
  const study = {
    settings: { rungs: [10, 40], objectives: [{ name: 'quality', metric: 'f1', direction: 'max' }] },
    trials: () => {
      reads.count += 1;
      throw new Error('this test expects no study read');
    },
  } as unknown as Study;
  return { study, reads };
}

function reporter(visible: boolean) {
  const updates: string[] = [];
  const logs: string[] = [];
  const r: ProgressReporter = {
    visible,
    start() {},
    update: (_done, status) => updates.push(status ?? ''),
    setTotal() {},
    log: (line) => logs.push(line),
    stop() {},
  };
  return { r, updates, logs };
}

const trial = { number: 3, state: 'complete', proposer: 'random', objectives: { quality: 0.5 }, rungs: [] };

describe('TuneProgress', () => {
  it('reads nothing from the study when no bar is drawn (no terminal, --json, a worker), and still logs finished trials', () => {
    const { study, reads } = countingStudy();
    const silent = reporter(false);
    const progress = new TuneProgress({ study, budget: () => 30, reporter: silent.r, quiet: false });
    const events = progress.events();
    events.onTrialStart?.(trial as unknown as TrialRecord);
    events.onRung?.(trial as unknown as TrialRecord, { rung: 0 } as never, { promote: true } as never);
    events.onTrialEnd?.(trial as unknown as TrialRecord);
    progress.poll();
    expect(reads.count).toBe(0);
    expect(silent.updates).toEqual([]);
    expect(silent.logs).toEqual(['#3   complete (random) quality 0.500']);
  });

  it('redraws a trial start or a rung without reading the study', () => {
    const { study, reads } = countingStudy();
    const shown = reporter(true);
    const events = new TuneProgress({ study, budget: () => 30, reporter: shown.r, quiet: false }).events();
    events.onTrialStart?.(trial as unknown as TrialRecord);
    events.onRung?.(trial as unknown as TrialRecord, { rung: 0 } as never, { promote: true } as never);
    expect(reads.count).toBe(0);
    expect(shown.updates).toEqual(['#3 rung 1/2', '#3 rung 2/2']);
  });
});
