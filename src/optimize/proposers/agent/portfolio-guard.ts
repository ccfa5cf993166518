import { dominates, type ObjectivePoint } from '../../pareto/non-dominated-sort.js';
import { objectivePoints } from '../../pareto/pareto-front.js';
import type { TrialRecord } from '../../../store/trial.js';
import type { ProposeRequest } from '../proposer.js';

/** How many of each side's latest judged trials the guard looks at. */
export const PORTFOLIO_WINDOW = 6;

/** The phrase that marks a round the guard gave to the built-in proposer (read back to alternate). */
export const PORTFOLIO_GUARD_MARK = 'portfolio guard';

/** Which side of the portfolio made a trial: the agent itself, or the built-in it falls back to. */
export type PortfolioSide = 'agent' | 'builtin';

/** One side's record over its latest judged trials (newest last). */
export interface SideRecord {
  /** Judged trials in the window (at most {@link PORTFOLIO_WINDOW}). */
  judged: number;
  /** How many of them improved the front. */
  improved: number;
}

/** What the guard decided for the coming round, and why. */
export interface PortfolioDecision {
  agent: SideRecord;
  builtin: SideRecord;
  /** True when the built-in proposer takes this round instead of the agent. */
  builtinTakesRound: boolean;
  /** One sentence for the rationale of the guard's proposals (empty when the agent keeps the round). */
  reason: string;
}

/**
 * The side of a trial from its proposer label: `llm` is the agent, `llm→<x>` (a fallback or a
 * guard round) and the fallback's own name are the built-in; anything else (user, baseline) is
 * neither and is not counted.
 */
export function portfolioSide(options: { proposer: string; fallbackName: string }): PortfolioSide | null {
  const { proposer, fallbackName } = options;
  if (proposer === 'llm') return 'agent';
  if (proposer.startsWith('llm→') || proposer === fallbackName) return 'builtin';
  return null;
}

/**
 * Per finished trial (oldest first by number), whether it improved the Pareto front: a complete
 * trial improves it when no earlier complete trial is at least as good in every objective
 * (equal counts as not improving, so a re-measured copy earns nothing). Failed and pruned
 * trials improve nothing; waiting and running trials are not judged yet and are left out.
 */
export function frontImprovements(
  options: Pick<ProposeRequest, 'history' | 'objectives'>,
): { trial: TrialRecord; improved: boolean }[] {
  const directions = options.objectives.map((o) => o.direction);
  const finished = options.history
    .filter((t) => t.state === 'complete' || t.state === 'failed' || t.state === 'pruned')
    .slice()
    .sort((a, b) => a.number - b.number);
  const earlier: ObjectivePoint[] = [];
  const out: { trial: TrialRecord; improved: boolean }[] = [];
  for (const trial of finished) {
    if (trial.state !== 'complete' || !trial.objectives) {
      out.push({ trial, improved: false });
      continue;
    }
    const [point] = objectivePoints({ items: [trial], objectives: options.objectives });
    const covered = earlier.some((p) => dominates(p, point, directions) || p.every((v, i) => v === point[i]));
    out.push({ trial, improved: !covered });
    earlier.push(point);
  }
  return out;
}

/**
 * The portfolio guard, so that an unhelpful model never makes the search worse than the
 * built-in proposer alone. Rule: when the agent's last {@link PORTFOLIO_WINDOW} judged trials
 * improved the front none of the times, while the built-in's last judged trials (up to the
 * same window) improved it at least once, or the built-in has not been tried yet, the built-in
 * takes every other round: it takes this one unless the latest trial of the history was
 * already a guard round. As soon as one of the agent's trials in its window improves the front
 * again (the agent still gets the other rounds), the agent gets every round back.
 */
export function decidePortfolio(
  options: Pick<ProposeRequest, 'history' | 'objectives'> & { fallbackName: string },
): PortfolioDecision {
  const judged = frontImprovements(options);
  const record = (side: PortfolioSide): SideRecord => {
    const mine = judged
      .filter((j) => portfolioSide({ proposer: j.trial.proposer, fallbackName: options.fallbackName }) === side)
      .slice(-PORTFOLIO_WINDOW);
    return { judged: mine.length, improved: mine.filter((j) => j.improved).length };
  };
  const agent = record('agent');
  const builtin = record('builtin');
  const agentStuck = agent.judged >= PORTFOLIO_WINDOW && agent.improved === 0;
  const builtinBetter = builtin.judged === 0 || builtin.improved > 0;
  const latest = options.history.reduce<TrialRecord | null>((a, t) => (a && a.number > t.number ? a : t), null);
  const lastWasGuard = latest?.rationale.includes(PORTFOLIO_GUARD_MARK) === true;
  const builtinTakesRound = agentStuck && builtinBetter && !lastWasGuard;
  const versus =
    builtin.judged === 0
      ? 'and the built-in has not been tried yet'
      : `while the built-in's last ${builtin.judged} improved it ${builtin.improved} time(s)`;
  const reason = builtinTakesRound
    ? `${PORTFOLIO_GUARD_MARK}: the agent's last ${agent.judged} proposals improved nothing on the Pareto front ${versus}; ${options.fallbackName} takes this round`
    : '';
  return { agent, builtin, builtinTakesRound, reason };
}
