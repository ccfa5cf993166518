import { beforeAll, describe, expect, it } from 'vitest';
import { buildScaleCorpus } from '../../bench/scale/scale-corpus.js';
import type { Dataset } from '../../src/data/dataset-schema.js';
import { loadDataset } from '../../src/data/load-dataset.js';
import { splitSentences } from '../../src/providers/local/sentence-split.js';

let demo: Dataset;
beforeAll(async () => {
  demo = await loadDataset({ spec: 'demo', cwd: process.cwd() });
});

describe('buildScaleCorpus', () => {
  it('keeps every source paragraph and the first questions, and pads to the size with distractors', () => {
    const corpus = buildScaleCorpus({ source: demo, docs: 400, questions: 30, seed: 1 });
    expect(corpus.docs).toHaveLength(400);
    expect(corpus.docs.slice(0, demo.docs.length).map((d) => d.id)).toEqual(demo.docs.map((d) => d.id));
    expect(corpus.docs[demo.docs.length].id).toBe('distractor-0');
    expect(corpus.questions.map((q) => q.id)).toEqual(demo.questions.slice(0, 30).map((q) => q.id));
    expect(corpus.format).toBe('native');
  });

  it('builds distractors under a source article title, never quoting a kept gold paragraph', () => {
    const corpus = buildScaleCorpus({ source: demo, docs: 300, questions: 30, seed: 2 });
    const gold = new Set(corpus.questions.flatMap((q) => q.gold_doc_ids ?? []));
    // Whole sentences of the gold paragraphs (long enough not to occur by chance elsewhere).
    const goldSentences = demo.docs
      .filter((d) => gold.has(d.id))
      .flatMap((d) => splitSentences(d.text).map((sentence) => sentence.text))
      .filter((text) => text.length > 40);
    expect(goldSentences.length).toBeGreaterThan(20);
    const titles = new Set(demo.docs.map((d) => d.title));
    const distractors = corpus.docs.slice(demo.docs.length);
    expect(distractors).toHaveLength(300 - demo.docs.length);
    for (const doc of distractors) {
      expect(titles.has(doc.title)).toBe(true);
      expect(goldSentences.some((sentence) => doc.text.includes(sentence))).toBe(false);
    }
  });

  it('is seeded: the same seed gives the same corpus and fingerprint, another seed another one', () => {
    const a = buildScaleCorpus({ source: demo, docs: 200, questions: 10, seed: 5 });
    const b = buildScaleCorpus({ source: demo, docs: 200, questions: 10, seed: 5 });
    const c = buildScaleCorpus({ source: demo, docs: 200, questions: 10, seed: 6 });
    expect(b.docs).toEqual(a.docs);
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(c.fingerprint).not.toBe(a.fingerprint);
  });
});
