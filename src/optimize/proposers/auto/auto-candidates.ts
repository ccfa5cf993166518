import {
  PARAM_GROUPS,
  type Config,
  type Param,
  type ParamValue,
  type SearchSpace,
} from '../../../space/parameter-schema.js';
import { configIdentity } from '../sampling/config-identity.js';
import { DEFAULT_GRID_LEVELS, finiteValues } from '../sampling/discretise-space.js';
import { createGrid } from '../sampling/grid-enumeration.js';
import { coarseLevels, fineLevels, oneParameterMoves, perturbations } from '../greedy/greedy-moves.js';
import type { ProposeRequest } from '../proposer.js';
import { sampleConfig } from '../sampling/sample-config.js';
import { createTpeProposer } from '../tpe/tpe-proposer.js';

/** Where a candidate came from; the rationale of a chosen one says so. */
export type CandidateSource = 'grid' | 'local' | 'tpe' | 'explore';

export interface Candidate {
  config: Config;
  source: CandidateSource;
}

/** Most (latest) trials the TPE picks of the pool are drawn from. */
export const TPE_HISTORY = 64;

/** A finite space up to this many configurations is scored whole instead of sampled. */
export const ENUMERATE_LIMIT = 4096;

/**
 * The untried configurations the surrogate chooses from.
 *
 * A small finite space (categoricals, ints, stepped floats; at most {@link ENUMERATE_LIMIT}
 * points) is enumerated, so the best-scoring configuration is really the best. Otherwise the pool
 * mixes three kinds: local moves (every one-parameter change of the top `anchors` at coarse and
 * fine levels, plus random one- or two-parameter perturbations of the best), TPE's picks from
 * its good-group density, and uniform random samples for exploration.
 *
 * @param options.moveSpace the space the best anchor's moves range over, when wider than
 *   `request.space` (the auto proposer's knobs, once on: the knobs the best configuration holds
 *   are refined around it; other anchors' knob settings, which lost to it, are not, and nothing
 *   draws knobs at random); default `request.space`.
 */
export async function candidatePool(options: {
  request: ProposeRequest;
  seen: ReadonlySet<string>;
  anchors: readonly Config[];
  random: () => number;
  fill: (param: Param) => ParamValue;
  samples?: number;
  moveSpace?: SearchSpace;
}): Promise<Candidate[]> {
  const { request, seen, anchors, random, fill, samples = 256 } = options;
  const space = request.space;
  const moveSpace = options.moveSpace ?? space;
  const pool = new Map<string, Candidate>();
  const offer = (config: Config, source: CandidateSource) => {
    const id = configIdentity(config);
    if (!seen.has(id) && !pool.has(id)) pool.set(id, { config, source });
  };
  const localMoves = () =>
    anchors.forEach((anchor, i) => {
      const over = i === 0 ? moveSpace : space;
      for (const levels of [coarseLevels(DEFAULT_GRID_LEVELS), fineLevels(DEFAULT_GRID_LEVELS)]) {
        for (const move of oneParameterMoves({ space: over, anchor, groups: PARAM_GROUPS, levels, fill }))
          offer(move.config, 'local');
      }
    });
  const enumerated = enumerateSmallSpace(space);
  if (enumerated) {
    for (const config of enumerated) offer(config, 'grid');
    if (moveSpace !== space) localMoves();
    return [...pool.values()];
  }
  localMoves();
  if (anchors.length) {
    let count = 0;
    for (const move of perturbations({ space: moveSpace, anchor: anchors[0], random, fill })) {
      if (count++ >= 48) break;
      offer(move.config, 'local');
    }
  }
  // TPE sees the latest trials only: its density fit grows with the history, and with hundreds of
  // trials it cost more than the rest of the proposal; where the search is now is what it adds.
  const history = request.history.slice(-TPE_HISTORY);
  const tpe = await createTpeProposer({ nStartup: 0 }).propose({
    ...request,
    history,
    n: 8,
    seed: Math.floor(random() * 2 ** 32),
  });
  for (const proposal of tpe) offer(proposal.config, 'tpe');
  for (let i = 0; i < samples; i++) offer(sampleConfig({ space, random }), 'explore');
  return [...pool.values()];
}

function enumerateSmallSpace(space: SearchSpace): Config[] | undefined {
  const values = space.parameters.map((p) => finiteValues(p, ENUMERATE_LIMIT));
  if (values.some((v) => v === undefined)) return undefined;
  const grid = createGrid({ space, levels: (p) => values[space.parameters.indexOf(p)] ?? [] });
  if (grid.size > ENUMERATE_LIMIT) return undefined;
  return Array.from({ length: grid.size }, (_, i) => grid.at(i));
}
