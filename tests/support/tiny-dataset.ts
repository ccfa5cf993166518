import type { Dataset } from '../../src/data/dataset-schema.js';

/** The topics of {@link tinyDataset}, one document and one question each. */
export const TINY_TOPICS = ['port', 'retention', 'backup', 'replication', 'timeouts', 'tokens', 'plugins', 'metrics'];

/** A small in-memory corpus of 8 documents and 8 questions, each answered by one document. */
export const tinyDataset: Dataset = {
  name: 'tiny',
  source: 'memory',
  format: 'native',
  fingerprint: 'tiny-v1',
  hasAnswers: true,
  hasGold: true,
  docs: TINY_TOPICS.map((topic, i) => ({
    id: `doc-${topic}`,
    title: `About ${topic}`,
    text:
      `# ${topic}\n\nThe ${topic} service listens carefully. The default ${topic} limit is ${100 + i} units. ` +
      `Operators change the ${topic} limit in the config file. Unrelated filler sentence number ${i} about weather and tea.`,
  })),
  questions: TINY_TOPICS.map((topic, i) => ({
    id: `q-${topic}`,
    question: `What is the default ${topic} limit?`,
    answers: [`${100 + i} units`],
    gold_doc_ids: [`doc-${topic}`],
  })),
};
