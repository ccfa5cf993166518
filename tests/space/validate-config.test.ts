import { describe, expect, it } from 'vitest';
import { activeParamNames } from '../../src/space/active-params.js';
import { CATALOGUE_DEFAULTS } from '../../src/space/catalogue-defaults.js';
import { canonicalJson, stableHash } from '../../src/json/canonical-json.js';
import { NEUTRAL_VALUES } from '../../src/space/neutral-values.js';
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
    // The switches (query.rewrite, context.*) are active but hold their neutral value, which is dropped.
    expect(Object.keys(config)).toEqual(active.filter((name) => !(name in NEUTRAL_VALUES)));
    expect(active.filter((name) => name in NEUTRAL_VALUES)).toEqual([
      'query.rewrite',
      'context.expand',
      'context.compress',
      'context.order',
    ]);
  });
});

describe('canonical JSON and hashing', () => {
  it('is independent of key order and float noise', () => {
    expect(canonicalJson({ b: 1, a: { d: 0.1 + 0.2, c: 'x' } })).toBe('{"a":{"c":"x","d":0.3},"b":1}');
    expect(stableHash({ a: 1, b: 2 })).toBe(stableHash({ b: 2, a: 1 }));
    expect(stableHash({ a: 1 })).not.toBe(stableHash({ a: 2 }));
    expect(stableHash({ a: 1 })).toMatch(/^[0-9a-f]{16}$/);
  });

  it('treats a neutral switch value as the key being absent: same configuration, same hash', () => {
    const without = resolve({ retrieval: 'bm25' });
    const neutral = resolve({
      retrieval: 'bm25',
      'query.rewrite': 'none',
      'context.expand': 'none',
      'context.compress': 'none',
      'context.order': 'rank',
    });
    expect(neutral.config).toEqual(without.config);
    expect(stableHash(neutral.config)).toBe(stableHash(without.config));
    expect(neutral.ignored).toEqual([]);
    // Sub-parameters of a switch that is off are inactive: dropped and reported.
    expect(resolve({ 'rm3.terms': 12 }).ignored).toEqual(['rm3.terms']);
  });

  it('keeps a switch that is on, with its sub-parameters from the defaults', () => {
    const { config } = resolve({ 'query.rewrite': 'rm3', 'context.expand': 'parent', 'context.order': 'ends' });
    expect(config).toMatchObject({
      'query.rewrite': 'rm3',
      'rm3.terms': 10,
      'rm3.docs': 3,
      'rm3.weight': 0.6,
      'context.expand': 'parent',
      'parent.size': 512,
      'context.order': 'ends',
    });
    expect(config).not.toHaveProperty('context.window');
    expect(config).not.toHaveProperty('context.compress');
  });
});
