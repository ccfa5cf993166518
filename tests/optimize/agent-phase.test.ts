import { describe, expect, it } from 'vitest';
import { agentPhase, describePhase } from '../../src/optimize/proposers/agent/agent-phase.js';
import { loadDefaultSpace, TOY_SPACE } from './fixtures.js';

describe('agent phase', () => {
  it('polishes in the last third of a known budget and explores otherwise', () => {
    expect([19, 20].map((used) => agentPhase({ used, budget: 30 }))).toEqual(['explore', 'polish']);
    expect([26, 27, 40].map((used) => agentPhase({ used, budget: 40 }))).toEqual(['explore', 'polish', 'polish']);
    expect(agentPhase({ used: 500 })).toBe('explore');
  });

  it('lists the space’s cost levers, most expensive per question first, with their parameters', () => {
    expect(describePhase({ phase: 'polish', space: loadDefaultSpace() })).toBe(
      [
        'polish: the last third of the budget. Keep the quality of the best trials and lower cost or latency: start from the best trial and change one or two cost levers, in this order (most expensive per question first):',
        '1. the generator (a smaller or cheaper model, fewer output tokens): generator',
        '2. the context size (fewer prompt tokens per question): context.max_tokens, context.expand, context.window, parent.size, context.compress, compress.keep, context.order',
        '3. reranking (fewer candidates, or none): reranker, rerank.candidates, mmr.lambda',
        '4. retrieval depth (a lower top_k; one retriever instead of hybrid): retrieval, fusion, fusion.weight, top_k, query.rewrite, rm3.terms, rm3.docs, rm3.weight',
        '5. the embedder (a cheaper model per query and chunk): embedder',
        '6. chunking (mostly index size; rarely per-question cost): chunk.strategy, chunk.size, chunk.overlap',
      ].join('\n'),
    );
  });

  it('leaves out levers the space has no parameter for', () => {
    const groups = new Set(TOY_SPACE.parameters.map((p) => p.group));
    const text = describePhase({ phase: 'polish', space: TOY_SPACE });
    expect(text.split('\n').length - 1).toBe(groups.size);
  });

  it('asks for quality while exploring', () => {
    expect(describePhase({ phase: 'explore', space: TOY_SPACE })).toBe(
      'explore: most of the budget is left. Look for better quality: try parameters and values that have not been tried yet, and whole-stage changes, as well as refinements of the best trials.',
    );
  });
});
