import { isLlmRewrite } from './llm-rewrites.js';
import type { Param, SearchSpace } from './parameter-schema.js';

/**
 * Adds the LLM components registered for a run to a completed search space: the LLM generator
 * beside the local ones, and then its prompt templates and temperature (which the catalogue makes
 * active only for LLM generators), the LLM reranker, the LLM query rewrites (`query.rewrite`
 * multi-query and hyde, with `multi_query.count` over its catalogue range) when the catalogue
 * has them, and an LLM embedder when one is configured.
 * Used for the default space only; a user's own space file says exactly what to search.
 */
export function extendSpaceForLlm(options: {
  space: SearchSpace;
  catalogue: SearchSpace;
  generator: string;
  reranker: string;
  embedder: string | null;
}): SearchSpace {
  const { catalogue } = options;
  const parameters = options.space.parameters.map((param): Param => {
    const base = catalogue.parameters.find((p) => p.name === param.name);
    if (param.type !== 'categorical' || !base) return param;
    switch (param.name) {
      case 'generator':
        return { ...param, values: unique([...param.values, options.generator]) };
      case 'reranker':
        return { ...param, values: unique([...param.values, options.reranker]) };
      case 'embedder':
        return options.embedder ? { ...param, values: unique([...param.values, options.embedder]) } : param;
      case 'prompt':
        // Every template under prompts/generate/ is worth trying once an LLM writes the answers.
        return base.type === 'categorical' ? { ...param, values: base.values } : param;
      case 'query.rewrite':
        // The offline default space leaves the switch off ("none"); the LLM's rewrites join it.
        return base.type === 'categorical'
          ? { ...param, values: unique([...param.values, ...base.values.filter(isLlmRewrite)]) }
          : param;
      case 'multi_query.count':
        return base.type === 'int' ? { ...base, when: param.when ?? base.when } : param;
      case 'temperature':
        // Answering from retrieved context rarely gains from high temperatures: search [0, 1].
        return { ...base, type: 'float', low: 0, high: 1, log: false, when: param.when ?? base.when } as Param;
      default:
        return param;
    }
  });
  return { ...options.space, parameters };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
