import { describe, expect, it } from 'vitest';
import type { TargetImportance } from '../../src/optimize/importance/parameter-importance.js';
import { pickBest } from '../../src/optimize/pareto/pick-best.js';
import { scalariseObjectives } from '../../src/optimize/objective-score.js';
import type { Objective } from '../../src/optimize/proposers/proposer.js';
import type { Config } from '../../src/space/parameter-schema.js';
import { whyBestWon } from '../../src/optimize/why-best-won.js';
import { historyTrial } from './importance/importance-fixtures.js';

const OBJECTIVES: Objective[] = [
  { name: 'quality', metric: 'f1', direction: 'max' },
  { name: 'latency', metric: 'latency_p95_ms', direction: 'min' },
];
const WEIGHTS = { quality: 0.8, latency: 0.2 };
const IMPORTANCE: TargetImportance[] = [
  {
    target: 'score',
    trials: 4,
    rSquared: 0.9,
    parameters: [
      { parameter: 'retrieval', importance: 0.6, explained: 0.5 },
      { parameter: 'top_k', importance: 0.4, explained: 0.3 },
    ],
  },
];

function study(
  rows: { config: Config; quality: number; latency: number }[],
  constraints: { metric: string; op: '<'; value: number }[] = [],
) {
  const trials = rows.map((r, number) => ({
    ...historyTrial({ number, config: r.config, rungs: [{ quality: r.quality, latency: r.latency }] }),
    metrics: { f1: r.quality, latency_p95_ms: r.latency },
  }));
  const scores = scalariseObjectives({
    rows: trials.map((t) => t.objectives),
    objectives: OBJECTIVES,
    weights: WEIGHTS,
  });
  const leaderboard = trials
    .map((trial, i) => ({ trial, score: scores[i] }))
    .sort((a, b) => b.score - a.score || a.trial.number - b.trial.number);
  const best = pickBest({ candidates: trials, objectives: OBJECTIVES, weights: WEIGHTS, constraints }).best;
  return whyBestWon({
    best,
    leaderboard,
    objectives: OBJECTIVES,
    weights: WEIGHTS,
    constraints,
    importance: IMPORTANCE,
  });
}

const ROWS = [
  { config: { top_k: 4, retrieval: 'dense' }, quality: 0.5, latency: 10 },
  { config: { top_k: 8, retrieval: 'hybrid' }, quality: 0.7, latency: 12 },
  { config: { top_k: 6, retrieval: 'hybrid' }, quality: 0.66, latency: 12 },
  { config: { top_k: 8, retrieval: 'bm25' }, quality: 0.55, latency: 8 },
];

describe('whyBestWon', () => {
  it('compares the best with the runner-up and with the closest rival on an important parameter it shares', () => {
    expect(study(ROWS)).toBe(
      'won on quality (+0.040 vs runner-up #2, which differs in top_k 8→6); ' +
        'won on quality (+0.150 vs #3, which differs in retrieval hybrid→bm25); ' +
        'retrieval explains 50% of the score variance (4 trials)',
    );
  });

  it('only compares with rivals that meet the constraints, and says when an objective decided it', () => {
    // latency < 11 leaves #0 and #3: #3 is best, #0 the runner-up; retrieval differs already.
    expect(study(ROWS, [{ metric: 'latency_p95_ms', op: '<', value: 11 }])).toBe(
      'won on quality (+0.050 vs runner-up #0, which differs in retrieval bm25→dense, top_k 8→4); retrieval explains 50% of the score variance (4 trials)',
    );
    // Quality normalised over 0.3..0.7: #1 gives up 0.8 x 0.025 on quality and gains 0.2 x 1 on latency
    // (6 vs 300 ms: 50x, beyond the run-to-run tie ratio of about 24x, so latency can decide).
    const fast = [
      { ...ROWS[1], config: { top_k: 8, retrieval: 'bm25' }, latency: 300 },
      { config: { top_k: 8, retrieval: 'dense' }, quality: 0.69, latency: 6 },
      { config: { top_k: 2, retrieval: 'bm25' }, quality: 0.3, latency: 300 },
    ];
    // The runner-up already differs in retrieval, so the second rival is the closest with another top_k.
    expect(study(fast)).toBe(
      'won on latency (-294 ms vs runner-up #0, which differs in retrieval dense→bm25); ' +
        'won on quality (+0.390 vs #2, which differs in retrieval dense→bm25, top_k 8→2); retrieval explains 50% of the score variance (4 trials)',
    );
  });

  it('reports ties and repeats instead of inventing a winner', () => {
    const tied = [ROWS[1], { ...ROWS[1] }, ROWS[3]];
    expect(study(tied)).toBe(
      'tied on every objective with runner-up #1, a repeat of the same configuration (ties are broken by trial order); ' +
        'won on quality (+0.150 vs #2, which differs in retrieval hybrid→bm25); retrieval explains 50% of the score variance (4 trials)',
    );
    expect(study([ROWS[0]])).toBe(
      'the only complete configuration that meets every constraint; retrieval explains 50% of the score variance (4 trials)',
    );
    expect(
      whyBestWon({
        best: undefined,
        leaderboard: [],
        objectives: OBJECTIVES,
        weights: WEIGHTS,
        constraints: [],
        importance: [],
      }),
    ).toBeUndefined();
  });
});
