import { describe, expect, it } from 'vitest';
import { enclosingBlock, sentenceWindow } from '../../../src/chunking/sentence-window.js';
import { packPassages } from '../../../src/pipeline/pack-passages.js';
import type { Passage } from '../../../src/pipeline/question-stage.js';
import { longContextOrder } from '../../../src/pipeline/stages/long-context-order.js';
import { rm3FeedbackTerms } from '../../../src/retrieval/rm3-feedback.js';
import { countTokens } from '../../../src/text/token-counter.js';

describe('rm3FeedbackTerms', () => {
  it('weights terms by P(d|q)·P(t|d), leaves query terms out and names each stem by its commonest word', () => {
    const terms = rm3FeedbackTerms({
      query: 'backup schedule',
      feedback: [
        // 5 content words (backups, run, nightly, replicas, replicas): P(t|d1) = 1/5 per occurrence.
        { text: 'Backups run nightly with replicas and replicas.', score: 3 },
        { text: 'Nightly snapshots.', score: 1 },
      ],
      count: 3,
    });
    // P(d1|q) = 0.75, P(d2|q) = 0.25. "backups" stems to the query's "backup": excluded.
    // replica: 0.75·2/5 = 0.3; nightly: 0.75/5 + 0.25/2 = 0.275; run: 0.75/5 = 0.15 (snapshot 0.125 is 4th).
    const sum = 0.3 + 0.275 + 0.15;
    expect(terms.map((t) => t.term)).toEqual(['replicas', 'nightly', 'run']);
    expect(terms[0].weight).toBeCloseTo(0.3 / sum, 12);
    expect(terms[1].weight).toBeCloseTo(0.275 / sum, 12);
    expect(terms[2].weight).toBeCloseTo(0.15 / sum, 12);
  });

  it('falls back to uniform document weights when no score is positive (cosine can be negative)', () => {
    const terms = rm3FeedbackTerms({
      query: 'x',
      feedback: [
        { text: 'alpha beta', score: -0.2 },
        { text: 'alpha', score: -0.5 },
      ],
      count: 5,
    });
    // alpha: 0.5/2 + 0.5/1 = 0.75, beta: 0.5/2 = 0.25.
    expect(terms).toEqual([
      { term: 'alpha', weight: 0.75 },
      { term: 'beta', weight: 0.25 },
    ]);
  });
});

describe('sentenceWindow and enclosingBlock', () => {
  const sentences = [
    { start: 0, end: 10 },
    { start: 11, end: 20 },
    { start: 21, end: 30 },
    { start: 31, end: 40 },
    { start: 41, end: 50 },
  ];

  it('adds `window` sentences on each side of the sentences a hit overlaps, clamped to the document', () => {
    expect(sentenceWindow({ sentences, hit: { start: 21, end: 30 }, window: 1 })).toEqual({ start: 11, end: 40 });
    expect(sentenceWindow({ sentences, hit: { start: 15, end: 25 }, window: 1 })).toEqual({ start: 0, end: 40 });
    expect(sentenceWindow({ sentences, hit: { start: 41, end: 50 }, window: 3 })).toEqual({ start: 11, end: 50 });
    expect(sentenceWindow({ sentences: [], hit: { start: 3, end: 7 }, window: 2 })).toEqual({ start: 3, end: 7 });
  });

  it('returns the parent blocks a hit overlaps, joined', () => {
    const blocks = [
      { start: 0, end: 20 },
      { start: 21, end: 40 },
      { start: 41, end: 50 },
    ];
    expect(enclosingBlock({ blocks, hit: { start: 25, end: 30 } })).toEqual({ start: 21, end: 40 });
    expect(enclosingBlock({ blocks, hit: { start: 15, end: 25 } })).toEqual({ start: 0, end: 40 });
  });
});

describe('longContextOrder', () => {
  it('puts the two best at the ends and the weakest in the middle, exactly as LangChain LongContextReorder', () => {
    expect(longContextOrder([1, 2, 3, 4, 5])).toEqual([1, 3, 5, 4, 2]);
    // LangChain's loop on an even count: the best lands last, the second best first.
    expect(longContextOrder([1, 2, 3, 4])).toEqual([2, 4, 3, 1]);
    expect(longContextOrder([1])).toEqual([1]);
  });
});

describe('packPassages', () => {
  const passage = (rank: number, text: string, start: number): Passage => ({
    index: 10 + rank,
    docId: `d${rank}`,
    start,
    end: start + text.length,
    text,
    rank,
    title: undefined,
  });

  it('keeps passages by rank while they fit, but shows them in the order given', () => {
    // Shown order: rank 0, rank 2, rank 1.
    const passages = [
      passage(0, 'alpha beta gamma delta', 0),
      passage(2, 'eta theta iota kappa', 5),
      passage(1, 'mu nu xi omicron', 9),
    ];
    const [best, , second] = passages.map((p) => countTokens(p.text));
    // A budget of exactly ranks 0 and 1: rank 2 is dropped although it is shown before rank 1.
    const seen = packPassages(passages, best + second);
    expect(seen.map((p) => p.index)).toEqual([10, 11]);
    expect(packPassages(passages, best + second + 100).map((p) => p.index)).toEqual([10, 12, 11]);
    expect(seen.some((p) => 'rank' in p)).toBe(false);
  });

  it('cuts the best passage alone when it exceeds the budget and ends its span at the cut', () => {
    const text = 'word '.repeat(40).trim();
    const [seen] = packPassages([passage(0, text, 100)], 10);
    expect(seen.text).toBe(text.slice(0, seen.text.length));
    expect(seen.text.length).toBe(Math.floor((text.length * 10) / 40));
    expect(seen.end).toBe(100 + seen.text.length);
  });
});
