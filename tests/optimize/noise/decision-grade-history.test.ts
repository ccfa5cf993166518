import { describe, expect, it } from 'vitest';
import { decisionGradeHistory } from '../../../src/optimize/noise/decision-grade-history.js';
import type { TrialRecord } from '../../../src/store/trial.js';
import { makeTrial, OBJECTIVES } from '../fixtures.js';

/** A finished trial whose only rung carries its objectives and their standard errors. */
function measured(number: number, quality: number, latency: number): TrialRecord {
  const objectives = { quality, latency };
  const trial = makeTrial({ number, config: { k: number }, objectives, state: 'complete' });
  return {
    ...trial,
    rungs: [{ rung: 0, questions: 20, metrics: {}, objectives, objectiveSe: { quality: 0.05, latency: latency / 20 } }],
  };
}

describe('decisionGradeHistory (what proposers see)', () => {
  it('replaces timings by their tie-class values and keeps everything else', () => {
    const history = [
      measured(0, 0.3, 5),
      measured(1, 0.5, 9),
      measured(2, 0.4, 500),
      makeTrial({ number: 3, config: { k: 3 }, state: 'waiting' }),
    ];
    const seen = decisionGradeHistory({ history, objectives: OBJECTIVES });
    // 5 and 9 ms cannot be told apart (both get the class leader's 5); 500 ms can.
    expect(seen.map((t) => t.objectives)).toEqual([
      { quality: 0.3, latency: 5 },
      { quality: 0.5, latency: 5 },
      { quality: 0.4, latency: 500 },
      null,
    ]);
    // The store's records are not touched.
    expect(history[1].objectives).toEqual({ quality: 0.5, latency: 9 });
  });

  it('gives proposers the same numbers when a cold rerun measured other timings', () => {
    const first = decisionGradeHistory({
      history: [measured(0, 0.3, 5), measured(1, 0.5, 9), measured(2, 0.4, 12)],
      objectives: OBJECTIVES,
    });
    const rerun = decisionGradeHistory({
      history: [measured(0, 0.3, 5), measured(1, 0.5, 4), measured(2, 0.4, 7)],
      objectives: OBJECTIVES,
    });
    // Every timing ties, so every trial carries the same latency within a run: the scalarised
    // scores (normalised over the history) are identical in both runs.
    expect(new Set(first.map((t) => t.objectives?.latency)).size).toBe(1);
    expect(new Set(rerun.map((t) => t.objectives?.latency)).size).toBe(1);
    expect(first.map((t) => t.objectives?.quality)).toEqual(rerun.map((t) => t.objectives?.quality));
  });
});
