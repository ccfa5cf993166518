import { describe, expect, it } from 'vitest';
import { TuneRagError } from '../../src/errors.js';
import { PipelineConfigSchema, readPipelineConfig } from '../../src/pipeline/pipeline-config.js';
import { ComponentRegistry } from '../../src/providers/component-registry.js';
import { buildCatalogue } from '../../src/space/catalogue.js';
import { CATALOGUE_DEFAULTS } from '../../src/space/catalogue-defaults.js';
import { resolveConfig } from '../../src/space/validate-config.js';

const catalogue = buildCatalogue(new ComponentRegistry().names());
const resolved = (values: Record<string, string | number>) =>
  resolveConfig({ config: values, space: catalogue, defaults: CATALOGUE_DEFAULTS, source: 'test' }).config;

function problemOf(values: Record<string, unknown>): string {
  try {
    readPipelineConfig(values as never);
  } catch (error) {
    expect(error).toBeInstanceOf(TuneRagError);
    return (error as Error).message;
  }
  throw new Error('expected readPipelineConfig to throw');
}

describe('readPipelineConfig', () => {
  it('has one field per catalogue parameter, nothing else', () => {
    // The widest catalogue: with an LLM query rewriter, multi_query.count exists too.
    const withRewrites = buildCatalogue({ ...new ComponentRegistry().names(), queryRewriting: true });
    expect(Object.keys(PipelineConfigSchema.shape).sort()).toEqual(withRewrites.parameters.map((p) => p.name).sort());
  });

  it('reads a resolved configuration as typed values, unchanged', () => {
    const config = resolved({
      'chunk.strategy': 'recursive',
      'chunk.size': 256,
      retrieval: 'hybrid',
      fusion: 'weighted',
      'fusion.weight': 0.3,
      top_k: 4,
      reranker: 'mmr',
      'mmr.lambda': 0.7,
    });
    const typed = readPipelineConfig(config);
    expect(typed).toEqual(config);
    expect(typed['chunk.size'] + typed.top_k).toBe(260);
  });

  it('reads the catalogue defaults', () => {
    expect(readPipelineConfig(resolved({}))).toEqual(resolved({}));
  });

  it('names each key that is missing or of the wrong type', () => {
    const base = resolved({ retrieval: 'bm25' });
    const message = problemOf({ ...base, 'chunk.size': '256', top_k: undefined });
    expect(message).toContain('"chunk.size": ');
    expect(message).toContain('"top_k": ');
    expect(message.split('\n')).toHaveLength(3);
  });

  it('names the key a cross-key rule needs', () => {
    const dense = resolved({ retrieval: 'dense' });
    expect(problemOf({ ...dense, embedder: undefined })).toContain('"embedder": required when retrieval is "dense"');
    const hybrid = resolved({ retrieval: 'hybrid', fusion: 'weighted', 'fusion.weight': 0.5 });
    expect(problemOf({ ...hybrid, 'fusion.weight': undefined })).toContain(
      '"fusion.weight": required when fusion is "weighted"',
    );
  });

  it('rejects a chunking strategy the chunkers do not implement', () => {
    expect(problemOf({ ...resolved({}), 'chunk.strategy': 'paragraph' })).toContain('"chunk.strategy": ');
  });
});
