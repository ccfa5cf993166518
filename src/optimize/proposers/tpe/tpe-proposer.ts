import { mulberry32 } from '../../../stats/seeded-random.js';
import { configValue } from '../../../space/neutral-values.js';
import { checkValue } from '../../../space/check-value.js';
import type { Config, Param, ParamValue } from '../../../space/parameter-schema.js';
import type { TrialRecord } from '../../../store/trial.js';
import { completeConfig, isFixedParam } from '../sampling/complete-config.js';
import { configIdentity, seenConfigHashes } from '../sampling/config-identity.js';
import { fromScale, scaleBounds, snapValue, toScale } from '../sampling/numeric-scale.js';
import { categoricalParzen } from './parzen-categorical.js';
import { numericParzen, recencyWeights, type ParzenEstimator } from './parzen-numeric.js';
import type { Proposal, Proposer } from '../proposer.js';
import { sampleUnique } from '../sampling/sample-unique.js';
import { splitTrials } from './tpe-split.js';

/** Options of {@link createTpeProposer}; defaults follow Optuna where it has one. */
export interface TpeProposerOptions {
  /** Finished (complete or pruned) trials needed before the model is used; random before (default 8). */
  nStartup?: number;
  /** Candidates drawn from l(x) per proposal; the best l/g wins (default 24). */
  candidates?: number;
  /** Share of finished trials in the good group (default 0.25). */
  gamma?: number;
  /** Cap on the good group, so it stays selective in long studies (default 25). */
  maxGood?: number;
  /** Weight of the prior kernel in every estimator (default 1). */
  priorWeight?: number;
}

interface Densities {
  l: ParzenEstimator<ParamValue>;
  g: ParzenEstimator<ParamValue>;
}

interface Scored {
  config: Config;
  score: number;
  /** Per-parameter log l/g, for the rationale. */
  terms: { name: string; value: ParamValue; ratio: number }[];
}

/**
 * Tree-structured Parzen Estimator ("independent TPE with conditionals").
 *
 * Finished trials are split into good and bad (tpe-split.ts). For each parameter, l(x) and g(x)
 * are Parzen estimators over the good and bad trials where that parameter was active, so a
 * conditional parameter is modelled only from trials that used it. Each proposal draws
 * `candidates` whole configurations from l (walking the space in order, so only active parameters
 * are drawn) and keeps the unseen one with the largest sum of log l/g over its active, non-fixed
 * parameters. Random sampling is used until `nStartup` trials have finished.
 */
export function createTpeProposer(options: TpeProposerOptions = {}): Proposer {
  const { nStartup = 8, candidates = 24, gamma = 0.25, maxGood = 25, priorWeight = 1 } = options;
  return {
    name: 'tpe',
    async propose({ space, history, n, seed, objectives, weights }) {
      const random = mulberry32(seed);
      const seen = seenConfigHashes(history);
      const finished = history.filter((t) => t.state === 'complete' || t.state === 'pruned').length;
      if (finished < nStartup) {
        return sampleUnique({ space, n, random, seen }).map((config) => ({
          config,
          rationale: `tpe: random start-up sample (${finished} of ${nStartup} finished trials before the model is used)`,
        }));
      }
      const { good, bad } = splitTrials({ history, objectives, weights, gamma, maxGood });
      const densities = new Map<string, Densities>();
      const densityOf = (param: Param) => {
        let d = densities.get(param.name);
        if (!d)
          densities.set(
            param.name,
            (d = { l: estimator(param, good, priorWeight), g: estimator(param, bad, priorWeight) }),
          );
        return d;
      };

      const out: Proposal[] = [];
      while (out.length < n) {
        let best: Scored | undefined;
        // A few extra rounds in case l is concentrated on configurations that were already tried.
        for (let round = 0; round < 4 && !best; round++) {
          for (let c = 0; c < candidates; c++) {
            const terms: Scored['terms'] = [];
            const config = completeConfig({
              space,
              fill: (param) => {
                if (isFixedParam(param)) return param.type === 'categorical' ? param.values[0] : param.low;
                const d = densityOf(param);
                const value = d.l.sample(random);
                terms.push({ name: param.name, value, ratio: d.l.logPdf(value) - d.g.logPdf(value) });
                return value;
              },
            });
            if (seen.has(configIdentity(config))) continue;
            const score = terms.reduce((sum, t) => sum + t.ratio, 0);
            if (!best || score > best.score) best = { config, score, terms };
          }
        }
        if (!best) break;
        seen.add(configIdentity(best.config));
        out.push({
          config: best.config,
          rationale: rationale(best, { candidates, good: good.length, bad: bad.length }),
        });
      }
      for (const config of sampleUnique({ space, n: n - out.length, random, seen })) {
        out.push({ config, rationale: 'tpe: the model only suggested tried configurations; random sample instead' });
      }
      return out;
    },
  };
}

/**
 * l or g for one parameter, from the trials of `group` where it was active with a valid value,
 * older trials weighing less (recencyWeights).
 */
function estimator(param: Param, group: readonly TrialRecord[], priorWeight: number): ParzenEstimator<ParamValue> {
  const observed = [...group]
    .sort((a, b) => a.number - b.number)
    .map((t) => configValue(t.config, param.name))
    .filter((v) => v !== undefined && checkValue(param, v) === null);
  const weights = recencyWeights(observed.length);
  if (param.type === 'categorical')
    return categoricalParzen({ values: param.values, observations: observed, weights, priorWeight });
  const { low, high } = scaleBounds(param);
  const density = numericParzen({
    low,
    high,
    observations: observed.map((v) => toScale(param, v as number)),
    weights,
    priorWeight,
  });
  return {
    sample: (random) => snapValue(param, fromScale(param, density.sample(random))),
    logPdf: (value) => density.logPdf(toScale(param, value as number)),
  };
}

function rationale(best: Scored, counts: { candidates: number; good: number; bad: number }): string {
  const leaning = best.terms
    .filter((t) => t.ratio > 0.05)
    .sort((a, b) => b.ratio - a.ratio)
    .slice(0, 2)
    .map((t) => `${t.name}=${t.value}`);
  const why = leaning.length
    ? `${leaning.join(' and ')} lean most to the good group`
    : 'no parameter leans clearly to the good group';
  return `tpe: log l/g = ${best.score.toFixed(2)}, best of ${counts.candidates} draws (${counts.good} good vs ${counts.bad} other trials); ${why}`;
}
