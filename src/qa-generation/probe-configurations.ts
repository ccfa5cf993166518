import type { Config } from '../space/parameter-schema.js';

/**
 * The probe configurations of the discriminative filter, from weak to strong, each a change of
 * the baseline in how much and how well it retrieves: BM25 top 1, the baseline's own retrieval
 * (dense top 4), hybrid top 8. A question all three answer is too easy to separate
 * configurations, and one none answers is noise to every one of them.
 *
 * Every probe cuts its answer as a span (`extractive-span`), because the verdict is span F1 (see
 * ANSWERED_F1): a probe that answers with whole sentences scores below it on almost every short
 * answer, so its verdict says nothing about the question. Generator v3 had two such probes, and
 * the filter became "the strong probe answers it and nothing else is asked" (demo, seed 1: 99 of
 * the 100 questions kept were answered by the strong probe alone): a set that every
 * configuration retrieving like the strong probe aces (F1 0.93 to 1.00 for the top ten of 30),
 * so the pick among them was left to noise (0.054 F1 below the real pick).
 */
export function probeConfigurations(baseline: Config): { name: string; config: Config }[] {
  const span = { ...baseline, generator: 'extractive-span' };
  return [
    { name: 'weak', config: { ...span, retrieval: 'bm25', top_k: 1 } },
    { name: 'baseline', config: span },
    { name: 'strong', config: { ...span, retrieval: 'hybrid', fusion: 'rrf', top_k: 8 } },
  ];
}
