import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportableConfig } from '../../src/export/exportable-config.js';

/** The baseline configuration (pipelines/baseline.json): exportable as it is. */
const BASE = JSON.parse(readFileSync(join(__dirname, '../../pipelines/baseline.json'), 'utf8')) as Record<
  string,
  string | number
>;

/** What the exporter refuses rather than render approximately, each naming the parameter. */
describe('exportableConfig', () => {
  const refusal = (config: Record<string, string | number>) => {
    try {
      exportableConfig({ config, trial: 3 });
    } catch (error) {
      return (error as Error).message;
    }
    return 'exported';
  };

  it('refuses components without a LangChain rendering', () => {
    expect(refusal({ ...BASE, generator: 'my-generator' })).toBe(
      'cannot export trial #3: "generator" = "my-generator" has no LangChain rendering (exportable: extractive-sentence, extractive-span, llm:<model>)',
    );
    // An OpenAI-compatible chat model is rendered (as LangChain's ChatOpenAI) with its prompt and temperature.
    const llm = { ...BASE, generator: 'llm:gpt-4o-mini', prompt: 'concise', temperature: 0.2 };
    expect(exportableConfig({ config: llm, trial: 3 })).toEqual(llm);
    expect(refusal({ ...BASE, embedder: 'llm-embed:text-embedding-3-small' })).toBe(
      'cannot export trial #3: "embedder" = "llm-embed:text-embedding-3-small" has no LangChain rendering (exportable: hash-words, hash-chargrams, lsa, use-lite)',
    );
    expect(refusal({ ...BASE, reranker: 'llm-rerank', 'rerank.candidates': 10 })).toBe(
      'cannot export trial #3: "reranker" = "llm-rerank" has no LangChain rendering (exportable: none, local, mmr)',
    );
  });

  it('refuses the LLM query rewrites, naming query.rewrite (there is no faithful LangChain rendering yet)', () => {
    for (const config of [
      { ...BASE, 'query.rewrite': 'multi-query', 'multi_query.count': 3 },
      { ...BASE, 'query.rewrite': 'hyde' },
    ])
      expect(refusal(config)).toBe(
        `cannot export trial #3: "query.rewrite" = "${config['query.rewrite']}" (an LLM query rewrite) has no LangChain rendering yet (exportable: none, rm3)`,
      );
  });

  it('refuses unknown knobs; renders the query and context knobs and drops their neutral values', () => {
    expect(refusal({ ...BASE, 'my.knob': 2 })).toBe(
      'cannot export trial #3: the exporter does not know the parameter "my.knob" (= 2)',
    );
    const knobs = {
      'query.rewrite': 'rm3',
      'rm3.terms': 25,
      'rm3.docs': 8,
      'rm3.weight': 0.35,
      'context.expand': 'parent',
      'parent.size': 1024,
      'context.compress': 'sentences',
      'compress.keep': 0.7,
      'context.order': 'ends',
    };
    expect(exportableConfig({ config: { ...BASE, ...knobs }, trial: 3 })).toEqual({ ...BASE, ...knobs });
    expect(
      exportableConfig({ config: { ...BASE, 'context.expand': 'window', 'context.window': 2 }, trial: 3 }),
    ).toEqual({ ...BASE, 'context.expand': 'window', 'context.window': 2 });
    const neutral = {
      'query.rewrite': 'none',
      'context.expand': 'none',
      'context.compress': 'none',
      'context.order': 'rank',
    };
    expect(exportableConfig({ config: { ...BASE, ...neutral }, trial: 3 })).toEqual(BASE);
    // A value no stage knows, or a switch without its sub-parameters, is refused naming the key.
    expect(refusal({ ...BASE, 'query.rewrite': 'step-back' })).toMatch(
      /^invalid pipeline configuration:\n {2}- "query\.rewrite": /,
    );
    expect(refusal({ ...BASE, 'context.compress': 'sentences' })).toMatch(/"compress\.keep"/);
  });
});
