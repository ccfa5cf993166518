// tune-rag as a library: a search space defined in code, an embedder and a generator written
// here and registered, 10 trials on the bundled demo dataset, the best configuration printed.
import {
  createComponents,
  defineSearchSpace,
  loadDataset,
  tune,
  type Embedder,
  type EmbedderFactory,
  type Generator,
  type Usage,
} from 'tune-rag';

const NO_USAGE: Usage = { promptTokens: 0, completionTokens: 0, costUsd: 0 };
const DIMENSIONS = 512;

/** Character trigrams of the lower-cased text, hashed into a fixed-size, unit-length vector. */
function trigramVector(text: string): Float32Array {
  const vector = new Float32Array(DIMENSIONS);
  const padded = ` ${text.toLowerCase().replace(/\s+/g, ' ')} `;
  for (let i = 0; i + 3 <= padded.length; i++) {
    let hash = 2166136261;
    for (let j = i; j < i + 3; j++) hash = Math.imul(hash ^ padded.charCodeAt(j), 16777619);
    vector[(hash >>> 0) % DIMENSIONS] += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
}

/** Stateless: it learns nothing from the corpus, so `state()` is null. */
const trigramEmbedder: EmbedderFactory = {
  name: 'example-trigrams',
  version: '1',
  dimensions: DIMENSIONS,
  local: true,
  description: 'Hashed character trigrams (example component).',
  async create(): Promise<Embedder> {
    return {
      name: 'example-trigrams',
      dimensions: DIMENSIONS,
      async embed(texts) {
        return { vectors: texts.map(trigramVector), usage: NO_USAGE };
      },
      state: () => null,
    };
  },
};

/** Answers with the first sentence of the best-ranked context. */
const firstSentenceGenerator: Generator = {
  name: 'example-first-sentence',
  version: '1',
  description: 'The first sentence of the top context (example component).',
  local: true,
  async generate({ contexts }) {
    const text = contexts[0]?.text.replace(/^#+[^\n]*\n+/, '').trim() ?? '';
    const answer = /^[^.!?]*[.!?]?/.exec(text)?.[0].trim() ?? '';
    return { answer, usage: NO_USAGE };
  },
};

const components = createComponents({ embedders: [trigramEmbedder], generators: [firstSentenceGenerator] });

// Parameters left out stay at the baseline's value.
const space = defineSearchSpace(
  {
    name: 'library-example',
    parameters: [
      { name: 'chunk.size', type: 'int', group: 'chunking', low: 64, high: 512, log: true },
      { name: 'retrieval', type: 'categorical', group: 'retrieval', values: ['dense', 'bm25', 'hybrid'] },
      { name: 'embedder', type: 'categorical', group: 'embedder', values: ['example-trigrams', 'hash-words'] },
      { name: 'top_k', type: 'int', group: 'retrieval', low: 1, high: 8 },
      {
        name: 'generator',
        type: 'categorical',
        group: 'generator',
        values: ['example-first-sentence', 'extractive-sentence'],
      },
    ],
  },
  { components },
);

const dataset = await loadDataset({ spec: 'demo', cwd: process.cwd() });
let finished = 0;
const result = await tune({
  dataset,
  space,
  components,
  budget: 10,
  proposer: 'random',
  seed: 1,
  questions: 40,
  events: {
    onTrialEnd(trial) {
      finished += 1;
      const quality = trial.objectives?.quality;
      console.log(`trial #${trial.number} ${trial.state}${quality == null ? '' : ` quality ${quality.toFixed(3)}`}`);
    },
  },
});

console.log(
  `study ${result.studyName}: ${finished} trials (${result.study.counts.complete} complete, ${result.study.counts.pruned} pruned)`,
);
const best = result.study.best;
if (best) console.log(`best: #${best.number} ${JSON.stringify(best.config)}`);
else console.log('no complete trial');
