import { buildCatalogue } from '../../src/space/catalogue.js';

/** A catalogue with fixed component names, so space tests do not depend on the registry. */
export const TEST_CATALOGUE = buildCatalogue({
  embedders: ['hash-words', 'hash-chargrams', 'lsa'],
  rerankers: ['local', 'mmr'],
  generators: [
    { name: 'extractive-sentence', local: true },
    { name: 'extractive-span', local: true },
  ],
  prompts: ['default'],
});
