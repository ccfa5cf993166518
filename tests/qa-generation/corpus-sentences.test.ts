import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load-dataset.js';
import { CorpusSentences } from '../../src/qa-generation/corpus-sentences.js';
import { terms } from '../../src/text/text-analysis.js';

describe('corpus sentences', async () => {
  const demo = await loadDataset({ spec: 'demo', cwd: process.cwd() });
  const corpus = new CorpusSentences(demo.docs);

  it('reads only the heaviest postings yet misses no sentence that reaches the bar', () => {
    // The demo's hand-written questions, each at three bars: the pruned candidate list must hold
    // every sentence a full scan finds at or above the bar.
    let reaching = 0;
    let scanned = 0;
    let sharing = 0;
    for (const q of demo.questions) {
      const weights = corpus.weightsOf(terms(q.question));
      for (const bar of [0.5, 0.8, 0.95]) {
        const full = corpus.sentences.filter((s) => corpus.coverage(weights, s) >= bar);
        const pruned = new Set(corpus.candidatesReaching(weights, bar));
        for (const s of full) expect(pruned.has(s)).toBe(true);
        reaching += full.length;
        scanned += pruned.size;
        const questionTerms = new Set(weights.keys());
        sharing += corpus.sentences.filter((s) => [...s.terms].some((t) => questionTerms.has(t))).length;
      }
    }
    // 337 sentences reach a bar; 82,904 are scored instead of the 224,403 that share a term.
    expect({ reaching, scanned, sharing }).toEqual({ reaching: 337, scanned: 82904, sharing: 224403 });
  });

  it('indexes each non-heading sentence under its document and start', () => {
    const first = corpus.sentences[0];
    expect(corpus.at(first.docIndex, first.start)).toBe(first);
    expect(demo.docs[first.docIndex].text.slice(first.start, first.end)).toBe(first.text);
    expect(corpus.at(first.docIndex, first.start + 1)).toBeUndefined();
  });
});
