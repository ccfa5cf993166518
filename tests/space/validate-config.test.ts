import { describe, expect, it } from 'vitest';
import { activeParamNames } from '../../src/space/active-params.js';
import { CATALOGUE_DEFAULTS } from '../../src/space/catalogue-defaults.js';
import { canonicalJson, stableHash } from '../../src/json/canonical-json.js';
import { resolveConfig } from '../../src/space/validate-config.js';
import { TEST_CATALOGUE } from './test-catalogue.js';

const resolve = (config: Record<string, string | number | boolean>) =>
  resolveConfig({ config, space: TEST_CATALOGUE, defaults: CATALOGUE_DEFAULTS, source: 'test.json' });

describe('resolveConfig', () => {
  it('fills missing active keys from defaults and keeps only active ones', () => {
    const { config } = resolve({ retrieval: 'bm25', 'chunk.strategy': 'sentence' });
    expect(config.retrieval).toBe('bm25');
    expect(config).not.toHaveProperty('embedder'); // no dense retrieval, no embedder
    expect(config).not.toHaveProperty('chunk.overlap'); // sentence packing has no overlap
    expect(config).not.toHaveProperty('fusion');
    expect(config['chunk.size']).toBe(CATALOGUE_DEFAULTS['chunk.size']);
  });

  it('activates conditional keys: fusion.weight only for weighted hybrid retrieval', () => {
    expect(resolve({ retrieval: 'hybrid', fusion: 'weighted', 'fusion.weight': 0.3 }).config['fusion.weight']).toBe(
      0.3,
    );
    const rrf = resolve({ retrieval: 'hybrid', fusion: 'rrf', 'fusion.weight': 0.3 });
    expect(rrf.config).not.toHaveProperty('fusion.weight');
    expect(rrf.ignored).toEqual(['fusion.weight']);
  });

  it('names an unknown key and suggests the closest one', () => {
    expect(() => resolve({ 'chunk.sise': 256 })).toThrow(
      /test\.json[\s\S]*unknown key "chunk\.sise"\. Did you mean "chunk\.size"\?/,
    );
  });

  it('rejects out-of-range, wrongly typed and unknown categorical values, all at once', () => {
    let message = '';
    try {
      resolve({ 'chunk.size': 100000, top_k: 2.5, retrieval: 'semantic' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/"chunk\.size" = 100000 is out of range \[32, 2048\]/);
    expect(message).toMatch(/"retrieval" must be one of "dense", "bm25", "hybrid" \(got "semantic"\)/);
  });

  it('lists active parameters in declaration order', () => {
    const config = resolve({ retrieval: 'hybrid', fusion: 'weighted', reranker: 'mmr' }).config;
    const active = activeParamNames(TEST_CATALOGUE, config);
    expect(active).toContain('fusion.weight');
    expect(active).toContain('mmr.lambda');
    expect(active).not.toContain('temperature');
    expect(Object.keys(config)).toEqual(active);
  });
});

describe('canonical JSON and hashing', () => {
  it('is independent of key order and float noise', () => {
    expect(canonicalJson({ b: 1, a: { d: 0.1 + 0.2, c: 'x' } })).toBe('{"a":{"c":"x","d":0.3},"b":1}');
    expect(stableHash({ a: 1, b: 2 })).toBe(stableHash({ b: 2, a: 1 }));
    expect(stableHash({ a: 1 })).not.toBe(stableHash({ a: 2 }));
    expect(stableHash({ a: 1 })).toMatch(/^[0-9a-f]{16}$/);
  });
});
