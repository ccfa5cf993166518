import { LLM_REWRITES } from './llm-rewrites.js';
import type { Param } from './parameter-schema.js';

/**
 * The catalogue's query-rewriting and context-shaping knobs (issue 15): each is a switch whose
 * first value is neutral (see neutral-values.ts) plus the sub-parameters active only under one
 * of its values. Declared after every parameter they could depend on, so one pass resolves them.
 */
export function queryAndContextParameters(options: { llmRewrites: boolean }): Param[] {
  return [
    {
      name: 'query.rewrite',
      type: 'categorical',
      group: 'retrieval',
      // The LLM rewrites exist only when an LLM is configured (as LLM generators do).
      values: ['none', 'rm3', ...(options.llmRewrites ? LLM_REWRITES : [])],
      description:
        'Rewrite the question before retrieval: RM3 pseudo-relevance feedback (offline); with an LLM, multi-query (alternative phrasings, RRF-fused) or hyde (a hypothetical answer passage is searched).',
    },
    // Its count only where its value exists: an offline catalogue has no parameter that can never be active.
    ...(options.llmRewrites ? [MULTI_QUERY_COUNT] : []),
    {
      name: 'rm3.terms',
      type: 'int',
      group: 'retrieval',
      low: 5,
      high: 30,
      log: false,
      when: { 'query.rewrite': ['rm3'] },
      description: 'RM3: how many feedback terms expand the query.',
    },
    {
      name: 'rm3.docs',
      type: 'int',
      group: 'retrieval',
      low: 2,
      high: 10,
      log: false,
      when: { 'query.rewrite': ['rm3'] },
      description: 'RM3: how many top retrieved chunks the feedback terms come from.',
    },
    {
      name: 'rm3.weight',
      type: 'float',
      group: 'retrieval',
      low: 0.3,
      high: 0.9,
      log: false,
      when: { 'query.rewrite': ['rm3'] },
      description: 'RM3: weight of the original query against the feedback terms (1 = original only).',
    },
    {
      name: 'context.expand',
      type: 'categorical',
      group: 'context',
      values: ['none', 'window', 'parent'],
      description:
        'Widen each hit before generation: the sentences around it (window) or its enclosing parent block (parent).',
    },
    {
      name: 'context.window',
      type: 'int',
      group: 'context',
      low: 1,
      high: 3,
      log: false,
      when: { 'context.expand': ['window'] },
      description: 'Sentence window: sentences added on each side of a hit, from its source document.',
    },
    {
      name: 'parent.size',
      type: 'int',
      group: 'context',
      low: 256,
      high: 2048,
      log: true,
      when: { 'context.expand': ['parent'] },
      description: 'Parent document: target size in tokens of the parent block that replaces a hit.',
    },
    {
      name: 'context.compress',
      type: 'categorical',
      group: 'context',
      values: ['none', 'sentences'],
      description: 'Extractive compression: keep only the sentences of each passage most related to the question.',
    },
    {
      name: 'compress.keep',
      type: 'float',
      group: 'context',
      low: 0.3,
      high: 0.9,
      log: false,
      when: { 'context.compress': ['sentences'] },
      description: 'Fraction of each passage’s sentences kept, in their original order.',
    },
    {
      name: 'context.order',
      type: 'categorical',
      group: 'context',
      values: ['rank', 'ends'],
      description: 'Passage order in the prompt: by rank, or best at both ends and weakest in the middle (ends).',
    },
  ];
}

/** How many phrasings multi-query asks for (a parameter of LLM catalogues only). */
const MULTI_QUERY_COUNT: Param = {
  name: 'multi_query.count',
  type: 'int',
  group: 'retrieval',
  low: 2,
  high: 5,
  log: false,
  when: { 'query.rewrite': ['multi-query'] },
  description: 'Multi-query: how many alternative phrasings the LLM writes (each one more search, one call in all).',
};
