// Stage names on their own, so the files every stage imports (stats, keys, corpus stages) need
// not import the stage list, which imports every stage.

/** The corpus-level stages (both index kinds are the stage "index"). */
export type CorpusStageName = 'chunk' | 'embed' | 'index';

/** Any stage's name: the corpus stages' or a per-question stage's (built in or added). */
export type StageName = string;

/** The corpus stages' names, each once. */
export const CORPUS_STAGE_NAMES: readonly CorpusStageName[] = ['chunk', 'embed', 'index'];
