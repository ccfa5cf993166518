import { describe, expect, it } from 'vitest';
import { describeNearestDominator, nearestDominator } from '../../src/optimize/proposers/agent/nearest-dominator.js';
import type { Objective } from '../../src/optimize/proposers/proposer.js';
import { historyTrial } from './importance/importance-fixtures.js';

const OBJECTIVES: Objective[] = [
  { name: 'quality', metric: 'f1', direction: 'max' },
  { name: 'latency', metric: 'latency_p95_ms', direction: 'min' },
];

describe('nearestDominator', () => {
  // #3 (last, pruned after rung 0) is dominated at rung 0 by #1 (2 differences) and #2 (1 difference);
  // #0 is better on quality but slower, so it does not dominate.
  const history = [
    historyTrial({
      number: 0,
      config: { top_k: 8, reranker: 'local', retrieval: 'bm25' },
      rungs: [
        { quality: 0.9, latency: 50 },
        { quality: 0.8, latency: 50 },
      ],
    }),
    historyTrial({
      number: 1,
      config: { top_k: 4, reranker: 'none', retrieval: 'dense' },
      rungs: [
        { quality: 0.6, latency: 5 },
        { quality: 0.5, latency: 5 },
      ],
    }),
    historyTrial({
      number: 2,
      config: { top_k: 4, reranker: 'local', retrieval: 'dense' },
      rungs: [{ quality: 0.5, latency: 9 }],
      state: 'pruned',
    }),
    historyTrial({
      number: 3,
      config: { top_k: 8, reranker: 'local', retrieval: 'dense', 'mmr.lambda': 0.5 },
      rungs: [{ quality: 0.5, latency: 10 }],
      state: 'pruned',
    }),
  ];

  it("finds the dominating trial with the fewest differences, on the last trial's rung", () => {
    const found = nearestDominator({ history, objectives: OBJECTIVES })!;
    expect(found.last.number).toBe(3);
    expect(found.dominator.number).toBe(2);
    expect(found.differences).toEqual(['mmr.lambda 0.50→off', 'top_k 8→4']);
    expect(describeNearestDominator({ history, objectives: OBJECTIVES })).toBe(
      'Nearest configuration that dominates the last trial #3: #2, which differs in mmr.lambda 0.50→off, top_k 8→4 (better or equal on every objective on the same questions).',
    );
  });

  it('says so when nothing dominates the last trial, and says nothing before any trial is scored', () => {
    const best = [
      ...history,
      historyTrial({ number: 4, config: { top_k: 2 }, rungs: [{ quality: 0.95, latency: 1 }] }),
    ];
    expect(nearestDominator({ history: best, objectives: OBJECTIVES })).toBeUndefined();
    expect(describeNearestDominator({ history: best, objectives: OBJECTIVES })).toBe(
      'Nearest configuration that dominates the last trial #4: none (nothing beats it on every objective on the same questions).',
    );
    expect(describeNearestDominator({ history: [], objectives: OBJECTIVES })).toBeNull();
  });
});
