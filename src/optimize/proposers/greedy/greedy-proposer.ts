import { mulberry32 } from '../../../stats/seeded-random.js';
import { PARAM_GROUPS, type Config, type Param, type ParamGroup } from '../../../space/parameter-schema.js';
import { completeConfig } from '../sampling/complete-config.js';
import { configIdentity, seenConfigHashes } from '../sampling/config-identity.js';
import { DEFAULT_GRID_LEVELS } from '../sampling/discretise-space.js';
import { findIncumbent } from './greedy-incumbent.js';
import { coarseLevels, fineLevels, oneParameterMoves, perturbations, type GreedyMove } from './greedy-moves.js';
import type { Proposal, Proposer } from '../proposer.js';
import { sampleUnique } from '../sampling/sample-unique.js';
import { neutralValue, startConfig } from '../sampling/start-config.js';

/** Options of {@link createGreedyProposer}. */
export interface GreedyProposerOptions {
  /** Where to start when nothing is complete yet (e.g. pipelines/baseline.json); missing keys take neutral values. */
  start?: Config;
  /** Order in which groups are tuned; default "models first" (PARAM_GROUPS order). */
  groups?: readonly ParamGroup[];
  /** Coarse levels per numeric parameter (default 5). */
  levels?: number;
  /** Random perturbations tried per wanted proposal before falling back to random samples (default 50). */
  perturbationAttempts?: number;
}

/**
 * Greedy coordinate search, one parameter group at a time, "models first" (generator, embedder,
 * chunking, retrieval, reranking, context): the choices that change results most are settled
 * before the knobs that fine-tune them.
 *
 * Stateless: everything is derived from the history, so it resumes after a crash and tolerates
 * other proposers' trials. The anchor is the best complete trial (or the start configuration).
 * Pass 1 tries every coarse level of each parameter of a group, one parameter at a time with the
 * rest held at the anchor (component choices before numeric levels, see coordinateOrder), and
 * moves to the next group once the group's variations are all tried. When the anchor was itself a
 * one-parameter (or one-group) variation, the pass continues from that parameter (or group)
 * rather than starting over. Pass 2 refines all groups with finer numeric levels around the anchor,
 * then seeded random perturbations, then plain random samples keep honouring `n`.
 */
export function createGreedyProposer(options: GreedyProposerOptions = {}): Proposer {
  const { start, groups = PARAM_GROUPS, levels = DEFAULT_GRID_LEVELS, perturbationAttempts = 50 } = options;
  return {
    name: 'greedy',
    async propose({ space, history, n, seed, objectives, weights }) {
      const seen = seenConfigHashes(history);
      const incumbent = findIncumbent({ space, history, objectives, weights });
      const fill = (param: Param) => neutralValue(param, start);
      // Re-completing the incumbent drops keys a since-edited space no longer has or allows.
      const anchor = incumbent
        ? completeConfig({ space, draft: incumbent.trial.config, fill })
        : startConfig({ space, start });
      const around = incumbent ? `best #${incumbent.trial.number}` : 'the starting configuration';
      const out: Proposal[] = [];
      const offer = (config: Config, rationale: string) => {
        const id = configIdentity(config);
        if (out.length >= n || seen.has(id)) return;
        seen.add(id);
        out.push({ config, rationale });
      };

      const startNote = start
        ? 'the given start; other keys at first values and mid-range numbers'
        : 'first values and mid-range numbers';
      if (!incumbent) offer(anchor, `greedy: starting configuration (${startNote})`);
      // Resume at the parameter (else the group) whose change made the incumbent: earlier
      // coordinates were settled around a worse anchor, and walking them again costs evaluations
      // a one-pass "models first" search spends on the coordinates still ahead.
      const resumeAt = incumbent?.changedGroup ? Math.max(0, groups.indexOf(incumbent.changedGroup)) : 0;
      const describe = (move: GreedyMove) => move.changes.map((c) => `${c.name}=${c.value}`).join(', ');
      for (const move of oneParameterMoves({
        space,
        anchor,
        groups: groups.slice(resumeAt),
        levels: coarseLevels(levels),
        fill,
        from: incumbent?.changedParam,
      })) {
        if (out.length >= n) break;
        offer(move.config, `greedy: ${move.group} group, trying ${describe(move)} around ${around}`);
      }
      for (const move of oneParameterMoves({ space, anchor, groups, levels: fineLevels(levels), fill })) {
        if (out.length >= n) break;
        offer(move.config, `greedy: refining pass, ${move.group} group, trying ${describe(move)} around ${around}`);
      }
      const random = mulberry32(seed);
      let attempts = 0;
      for (const move of perturbations({ space, anchor, random, fill })) {
        if (out.length >= n || attempts++ >= perturbationAttempts * n) break;
        offer(move.config, `greedy: every one-parameter move tried; perturbing ${describe(move)} around ${around}`);
      }
      for (const config of sampleUnique({ space, n: n - out.length, random, seen })) {
        out.push({ config, rationale: 'greedy: nothing new near the best; random sample instead' });
      }
      return out;
    },
  };
}
