import { mulberry32 } from '../../../stats/seeded-random.js';
import type { Config, Param, SearchSpace } from '../../../space/parameter-schema.js';
import { candidatePool } from './auto-candidates.js';
import { pickCandidate } from './auto-pick.js';
import { fitSurrogate } from './auto-surrogate.js';
import { coverageGaps, coverageWidth, coveringConfig } from './auto-warm-start.js';
import { configIdentity, seenConfigHashes } from '../sampling/config-identity.js';
import { scoredTrials } from './auto-scores.js';
import type { Proposal, Proposer, ProposeRequest } from '../proposer.js';
import { sampleUnique } from '../sampling/sample-unique.js';
import { defaultKnobsFrom, nextKnobMove, withKnobsOff } from './knob-stage.js';
import { neutralValue, startConfig } from '../sampling/start-config.js';

/** Options of {@link createAutoProposer}. */
export interface AutoProposerOptions {
  /** Where to start (e.g. pipelines/baseline.json): the first proposal of an empty study; missing keys take neutral values. */
  start?: Config;
  /** Total evaluations the study expects, if known: shortens the warm start for small budgets and spends the last one on exploitation. */
  budget?: number;
  /** Most warm-start trials (default: the widest parameter's item count + 1, at most half the budget, at least 2). */
  warmStart?: number;
  /**
   * How many trials the study holds before the query and context knobs (free switches with a
   * neutral value: query.rewrite, context.expand, context.compress, context.order) may leave it;
   * default half the budget (knob-stage.ts).
   */
  knobsFrom?: number;
  /** `staged` (default): knobs held off, then tried on the best trial, as described below; `free`: like any other parameter. */
  knobs?: 'staged' | 'free';
}

/**
 * The default proposer when no LLM is configured, built for small budgets (10–40 evaluations) on
 * mixed categorical / numeric / conditional spaces. Stateless: every decision is derived from the
 * history, so it resumes after a crash and tolerates other proposers' trials.
 *
 * 1. Warm start: the `start` configuration (when given), then configurations that cover every
 *    categorical value and the low and high third of every numeric range (auto-warm-start.ts),
 *    so the model sees each parameter's effect early.
 * 2. Model-based search: a Gaussian process over configurations (auto-surrogate.ts) scores a
 *    candidate pool of local moves around the best trials, TPE picks and random samples (or the
 *    whole space when it is small), and the candidate with the highest expected improvement wins.
 *    The last evaluation of a known budget goes to the highest predicted score instead. Batches
 *    and unfinished trials are handled by imagining each pick at its predicted score.
 *
 * Measured on the RAG-HPO tabular benchmark (see bench/tabular/) and on synthetic
 * objectives over the default space, it beats random, grid and TPE on average at 5–40 evaluations,
 * and greedy except where greedy's fixed order happens to suit the objective.
 *
 * Knobs (switches with a neutral value, see knob-stage.ts) are held at their neutral value until
 * the study holds `knobsFrom` trials: until then the search is the one over the space without
 * them, trial for trial. Then each knob value is tried once on the best trial so far
 * ("auto/knob"), and from there on they enter the model's pool as one-parameter moves of the best
 * trials; they are never drawn at random nor covered by the warm start.
 *
 * Every rationale names its phase: "auto/warm-start", "auto/knob", "auto/local", "auto/tpe", "auto/explore",
 * "auto/model" or "auto/exploit".
 */
export function createAutoProposer(options: AutoProposerOptions = {}): Proposer {
  const { start, budget } = options;
  return {
    name: 'auto',
    async propose(request) {
      const { history, n, seed } = request;
      const knobsOff = options.knobs === 'free' ? request.space : withKnobsOff(request.space);
      const knobsOn = history.length >= (options.knobsFrom ?? defaultKnobsFrom(budget));
      // Until the knobs are on, everything below works on the space without them.
      const space = knobsOn ? request.space : knobsOff;
      const random = mulberry32(seed);
      const seen = seenConfigHashes(history);
      const tried = history.map((t) => t.config);
      const out: Proposal[] = [];
      const take = (config: Config, rationale: string) => {
        seen.add(configIdentity(config));
        tried.push(config);
        out.push({ config, rationale });
      };

      const width = coverageWidth(knobsOff);
      const warmCap = options.warmStart ?? Math.max(2, Math.min(width + 1, budget ? Math.ceil(budget / 2) : Infinity));
      if (start && history.length === 0)
        take(startConfig({ space: request.space, start }), 'auto/warm-start: the given start configuration');
      while (out.length < n && tried.length < warmCap) {
        const gaps = coverageGaps({ space: knobsOff, configs: tried });
        if (gaps.size === 0) break;
        const { config, covers } = coveringConfig({
          space: knobsOff,
          gaps,
          tried,
          random,
          background: start ? (param) => neutralValue(param, start) : undefined,
        });
        if (seen.has(configIdentity(config)) || covers.length === 0) break;
        take(config, `auto/warm-start: covers ${summarise(covers)}`);
      }
      const fill = (param: Param) => neutralValue(param, start);
      const incumbent = knobsOn && knobsOff !== request.space ? scoredTrials(request).top[0] : undefined;
      while (incumbent && out.length < n) {
        const move = nextKnobMove({ space: request.space, anchor: incumbent.config, tried, fill });
        if (!move || seen.has(configIdentity(move.config))) break;
        take(move.config, `auto/knob: ${move.knob} on best #${incumbent.trial.number}`);
      }
      if (out.length < n) {
        for (const proposal of await modelProposals({
          request: { ...request, space },
          sampleSpace: knobsOff,
          n: n - out.length,
          seen,
          random,
          start,
          budget,
          pending: out.length,
        }))
          take(proposal.config, proposal.rationale);
      }
      // Random samples keep the knobs off unless the space without them is exhausted.
      const samples = sampleUnique({ space: knobsOff, n: n - out.length, random, seen });
      if (knobsOn && samples.length < n - out.length)
        samples.push(...sampleUnique({ space, n: n - out.length - samples.length, random, seen }));
      for (const config of samples) {
        out.push({ config, rationale: 'auto/explore: random sample (nothing better left to propose)' });
      }
      return out;
    },
  };
}

/** Most unfinished trials added to the model as imagined observations. */
const MAX_PENDING_BELIEFS = 16;

async function modelProposals(options: {
  request: ProposeRequest;
  /** The space random samples and TPE draw from: `request.space` without its knobs. */
  sampleSpace: SearchSpace;
  n: number;
  seen: Set<string>;
  random: () => number;
  start?: Config;
  budget?: number;
  pending: number;
}): Promise<Proposal[]> {
  const { request, sampleSpace, n, seen, random, start, budget, pending } = options;
  const scored = scoredTrials(request);
  if (scored.points.length < 2) {
    return sampleUnique({ space: sampleSpace, n, random, seen }).map((config) => ({
      config,
      rationale: `auto/explore: random sample (${scored.points.length} finished trial(s); the model needs 2)`,
    }));
  }
  const fill = (param: Param) => neutralValue(param, start);
  const pool = await candidatePool({
    request: { ...request, space: sampleSpace },
    moveSpace: request.space,
    seen,
    anchors: scored.top.map((t) => t.config),
    random,
    fill,
  });
  let surrogate = fitSurrogate({ space: request.space, points: scored.points });
  // Trials still running are imagined at their predicted score, so parallel workers spread out
  // instead of all proposing the same neighbour of the best.
  for (const trial of request.history
    .filter((t) => t.state === 'waiting' || t.state === 'running')
    .slice(-MAX_PENDING_BELIEFS)) {
    surrogate = surrogate.withObservation({ config: trial.config, score: surrogate.predict(trial.config).mean });
  }
  const out: Proposal[] = [];
  for (let i = 0; i < n && pool.length > 0; i++) {
    const remaining = budget === undefined ? undefined : budget - request.history.length - pending - i;
    const pick = pickCandidate({
      pool,
      surrogate,
      incumbent: scored.top[0],
      exploit: remaining !== undefined && remaining <= 1,
    });
    pool.splice(pool.indexOf(pick.candidate), 1);
    out.push({ config: pick.candidate.config, rationale: pick.rationale });
    if (i + 1 < n) surrogate = surrogate.withObservation({ config: pick.candidate.config, score: pick.mean });
  }
  return out;
}

function summarise(items: readonly string[]): string {
  const shown = items.slice(0, 4).join(', ');
  return items.length > 4 ? `${shown} and ${items.length - 4} more` : shown;
}
