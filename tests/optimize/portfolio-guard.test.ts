import { describe, expect, it } from 'vitest';
import {
  decidePortfolio,
  frontImprovements,
  portfolioSide,
} from '../../src/optimize/proposers/agent/portfolio-guard.js';
import type { TrialRecord, TrialState } from '../../src/store/trial.js';
import { makeTrial, OBJECTIVES } from './fixtures.js';

/** A trial with hand-set objectives (quality max, latency min) or a non-complete state. */
function trial(
  number: number,
  proposer: string,
  result: [number, number] | TrialState,
  rationale = 'fixture',
): TrialRecord {
  const state = typeof result === 'string' ? result : 'complete';
  const objectives = typeof result === 'string' ? null : { quality: result[0], latency: result[1] };
  return { ...makeTrial({ number, config: { n: number }, state, objectives, proposer }), rationale };
}

/** Auto found a good point early; then six agent trials that are dominated, equal, failed or pruned. */
function stuckAgentHistory(): TrialRecord[] {
  return [
    trial(0, 'llm', [0.5, 100]),
    trial(1, 'llm→auto', [0.6, 90]),
    trial(2, 'llm', [0.55, 95]),
    trial(3, 'llm', [0.6, 90]),
    trial(4, 'llm', 'failed'),
    trial(5, 'llm', 'pruned'),
    trial(6, 'user', [0.9, 10]),
    trial(7, 'llm', [0.3, 200]),
    trial(8, 'llm', [0.59, 91]),
    trial(9, 'llm', 'waiting'),
  ];
}

describe('portfolio guard', () => {
  it('labels the agent, its fallbacks and the built-in itself, and ignores user trials', () => {
    expect(
      ['llm', 'llm→auto', 'auto', 'user', 'baseline'].map((proposer) =>
        portfolioSide({ proposer, fallbackName: 'auto' }),
      ),
    ).toEqual(['agent', 'builtin', 'builtin', null, null]);
  });

  it('counts a trial as improving the front only when no earlier complete trial covers it', () => {
    const judged = frontImprovements({ history: stuckAgentHistory(), objectives: OBJECTIVES });
    expect(judged.map((j) => [j.trial.number, j.improved])).toEqual([
      [0, true],
      [1, true],
      [2, false], // dominated by #1
      [3, false], // equal to #1
      [4, false], // failed
      [5, false], // pruned
      [6, true],
      [7, false],
      [8, false],
    ]);
  });

  it('gives the built-in the round when the agent’s last 6 improved nothing while the built-in’s did', () => {
    const decision = decidePortfolio({ history: stuckAgentHistory(), objectives: OBJECTIVES, fallbackName: 'auto' });
    expect(decision).toEqual({
      agent: { judged: 6, improved: 0 },
      builtin: { judged: 1, improved: 1 },
      builtinTakesRound: true,
      reason:
        "portfolio guard: the agent's last 6 proposals improved nothing on the Pareto front while the built-in's last 1 improved it 1 time(s); auto takes this round",
    });
  });

  it('alternates: after a guard round the agent gets the next one', () => {
    const history = [...stuckAgentHistory(), trial(10, 'llm→auto', [0.2, 300], 'fallback: tpe (portfolio guard: ...)')];
    const decision = decidePortfolio({ history, objectives: OBJECTIVES, fallbackName: 'auto' });
    expect(decision.builtinTakesRound).toBe(false);
    expect(decision.builtin).toEqual({ judged: 2, improved: 1 });
    expect(decision.reason).toBe('');
  });

  it('gives every round back once one of the agent’s last 6 improves the front', () => {
    const history = [...stuckAgentHistory(), trial(10, 'llm', [0.95, 50])];
    const decision = decidePortfolio({ history, objectives: OBJECTIVES, fallbackName: 'auto' });
    expect(decision.agent).toEqual({ judged: 6, improved: 1 });
    expect(decision.builtinTakesRound).toBe(false);
  });

  it('waits for 6 judged agent trials before acting', () => {
    const history = stuckAgentHistory().filter((t) => t.number !== 0 && t.number !== 8);
    const decision = decidePortfolio({ history, objectives: OBJECTIVES, fallbackName: 'auto' });
    expect(decision.agent).toEqual({ judged: 5, improved: 0 });
    expect(decision.builtinTakesRound).toBe(false);
  });

  it('keeps the agent when the built-in did no better in its window', () => {
    const history = stuckAgentHistory().map((t) =>
      t.number === 1 ? trial(1, 'user', [0.6, 90]) : t.number === 9 ? trial(9, 'llm→auto', [0.1, 500]) : t,
    );
    const decision = decidePortfolio({ history, objectives: OBJECTIVES, fallbackName: 'auto' });
    expect(decision.agent).toEqual({ judged: 6, improved: 0 });
    expect(decision.builtin).toEqual({ judged: 1, improved: 0 });
    expect(decision.builtinTakesRound).toBe(false);
  });

  it('tries the built-in when it has never had a round', () => {
    const history = stuckAgentHistory().map((t) => (t.number === 1 ? trial(1, 'user', [0.6, 90]) : t));
    const decision = decidePortfolio({ history, objectives: OBJECTIVES, fallbackName: 'auto' });
    expect(decision.builtin).toEqual({ judged: 0, improved: 0 });
    expect(decision.reason).toBe(
      "portfolio guard: the agent's last 6 proposals improved nothing on the Pareto front and the built-in has not been tried yet; auto takes this round",
    );
  });
});
