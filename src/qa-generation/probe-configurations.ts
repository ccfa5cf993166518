import type { Config } from '../space/parameter-schema.js';

/**
 * The probe configurations of the discriminative filter, from weak to strong, each a change of
 * the baseline along the axes that matter most on the local pipeline: how much is retrieved and
 * how the answer is cut from it. Weak: BM25 top 1 with sentence answers; middle: the baseline;
 * strong: hybrid top 8 with span answers. A question all three answer is too easy to separate
 * configurations, and one none answers is noise to every one of them.
 */
export function probeConfigurations(baseline: Config): { name: string; config: Config }[] {
  return [
    { name: 'weak', config: { ...baseline, retrieval: 'bm25', top_k: 1, generator: 'extractive-sentence' } },
    { name: 'baseline', config: { ...baseline } },
    {
      name: 'strong',
      config: { ...baseline, retrieval: 'hybrid', fusion: 'rrf', top_k: 8, generator: 'extractive-span' },
    },
  ];
}
