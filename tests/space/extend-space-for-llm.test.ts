import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ComponentRegistry } from '../../src/providers/component-registry.js';
import { configureLlm } from '../../src/providers/configure-llm.js';
import { buildCatalogue } from '../../src/space/catalogue.js';
import { CATALOGUE_DEFAULTS } from '../../src/space/catalogue-defaults.js';
import { extendSpaceForLlm } from '../../src/space/extend-space-for-llm.js';
import { loadSearchSpace } from '../../src/space/load-space.js';
import { withoutNeutralParameters } from '../../src/space/neutral-values.js';

const defaultSpace = join(__dirname, '../../pipelines/default.space.json');
// The default space's file given as a user's own space file (`--space`): it says exactly what it searches.
const userSpace = join(mkdtempSync(join(tmpdir(), 'tune-rag-llm-space-')), 'my.space.json');
copyFileSync(defaultSpace, userSpace);

function spaces(withLlm: boolean) {
  const registry = new ComponentRegistry();
  const llm = withLlm
    ? configureLlm({
        registry,
        spec: 'openai:gpt-4o-mini',
        env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
      })
    : null;
  const catalogue = buildCatalogue(registry.names());
  const load = (path: string) => loadSearchSpace({ path, catalogue, fixed: CATALOGUE_DEFAULTS });
  const loaded = load(defaultSpace);
  return {
    catalogue,
    userFile: load(userSpace),
    default: llm ? extendSpaceForLlm({ space: loaded, catalogue, ...llm.registered }) : loaded,
    offlineDefault: loaded,
  };
}

const param = (space: { parameters: { name: string }[] }, name: string) =>
  space.parameters.find((p) => p.name === name);

describe('LLM query rewrites in the space', () => {
  it('join the default space only when an LLM is configured, with multi_query.count over 2..5', () => {
    const online = spaces(true).default;
    expect(param(online, 'query.rewrite')).toMatchObject({
      type: 'categorical',
      values: ['none', 'rm3', 'multi-query', 'hyde'],
    });
    expect(param(online, 'multi_query.count')).toMatchObject({
      type: 'int',
      low: 2,
      high: 5,
      when: { 'query.rewrite': ['multi-query'] },
    });
    // Offline, only the offline rewrite: the space's identity has no count of LLM phrasings.
    const offline = spaces(false).default;
    expect(param(offline, 'query.rewrite')).toMatchObject({ values: ['none', 'rm3'] });
    const identity = withoutNeutralParameters(offline).parameters.map((p) => p.name);
    expect(identity).toContain('query.rewrite');
    expect(identity).not.toContain('multi_query.count');
  });

  it('a space file says exactly what it searches: one declaring none and rm3 keeps them, with or without an LLM', () => {
    for (const withLlm of [false, true])
      expect(param(spaces(withLlm).userFile, 'query.rewrite')).toMatchObject({ values: ['none', 'rm3'] });
    expect(param(spaces(true).catalogue, 'query.rewrite')).toMatchObject({
      values: ['none', 'rm3', 'multi-query', 'hyde'],
    });
  });
});
