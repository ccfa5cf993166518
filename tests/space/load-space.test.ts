import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_DEFAULTS } from '../../src/space/catalogue-defaults.js';
import { queryAndContextParameters } from '../../src/space/query-context-parameters.js';
import { loadSearchSpace } from '../../src/space/load-space.js';
import { loadConfigFile } from '../../src/space/load-config-file.js';
import { TEST_CATALOGUE } from './test-catalogue.js';

const dir = mkdtempSync(join(tmpdir(), 'tune-rag-space-'));
const write = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const load = (path: string) => loadSearchSpace({ path, catalogue: TEST_CATALOGUE, fixed: CATALOGUE_DEFAULTS });

describe('search space files', () => {
  it('loads the shipped default space and baseline', () => {
    const space = load(join(__dirname, '../../pipelines/default.space.json'));
    const size = space.parameters.find((p) => p.name === 'chunk.size');
    expect(size).toMatchObject({ type: 'int', low: 64, high: 1024, log: true });
    // The catalogue's condition applies even though the file does not repeat it.
    expect(space.parameters.find((p) => p.name === 'fusion.weight')?.when).toEqual({
      retrieval: ['hybrid'],
      fusion: ['weighted'],
    });
    const baseline = loadConfigFile({
      path: join(__dirname, '../../pipelines/baseline.json'),
      space: TEST_CATALOGUE,
      defaults: CATALOGUE_DEFAULTS,
    });
    expect(baseline.ignored).toEqual([]);
  });

  it('declares every offline query and context knob in the default space, after the pipeline parameters', () => {
    const declared = (
      JSON.parse(readFileSync(join(__dirname, '../../pipelines/default.space.json'), 'utf8')) as {
        parameters: { name: string }[];
      }
    ).parameters.map((p) => p.name);
    expect(declared.slice(13)).toEqual(queryAndContextParameters({ llmRewrites: false }).map((p) => p.name));
    const space = load(join(__dirname, '../../pipelines/default.space.json'));
    expect(space.parameters.find((p) => p.name === 'context.expand')).toMatchObject({
      values: ['none', 'window', 'parent'],
    });
    expect(space.parameters.find((p) => p.name === 'context.window')?.when).toEqual({ 'context.expand': ['window'] });
  });

  it('fixes undeclared parameters at the default value', () => {
    const space = load(
      write(
        'small.json',
        JSON.stringify({ parameters: [{ name: 'top_k', type: 'int', group: 'retrieval', low: 1, high: 10 }] }),
      ),
    );
    expect(space.parameters.find((p) => p.name === 'retrieval')).toMatchObject({
      type: 'categorical',
      values: ['dense'],
    });
    expect(space.parameters.map((p) => p.name)).toEqual(TEST_CATALOGUE.parameters.map((p) => p.name));
  });

  it('names the file, the parameter and the problem', () => {
    const path = write(
      'bad.json',
      JSON.stringify({
        parameters: [
          { name: 'chunk.sise', type: 'int', group: 'chunking', low: 64, high: 512 },
          { name: 'top_k', type: 'int', group: 'retrieval', low: 1, high: 500 },
          { name: 'embedder', type: 'categorical', group: 'embedder', values: ['hash-words', 'bert'] },
        ],
      }),
    );
    expect(() => load(path)).toThrow(
      /bad\.json[\s\S]*"chunk\.sise" is not a known parameter\. Did you mean "chunk\.size"\?[\s\S]*"top_k": range \[1, 500\] exceeds the supported \[1, 50\][\s\S]*"embedder" must be one of/,
    );
  });

  it('reports schema errors with the parameter name and JSON syntax errors with line:column', () => {
    const schema = write(
      'schema.json',
      JSON.stringify({ parameters: [{ name: 'top_k', type: 'int', group: 'retrieval', low: 10, high: 1 }] }),
    );
    expect(() => load(schema)).toThrow(/parameters\[0\] \("top_k"\)\.low: low \(10\) must not exceed high \(1\)/);
    const syntax = write('syntax.json', '{\n  "parameters": [\n    {"name": "top_k",}\n  ]\n}');
    expect(() => load(syntax)).toThrow(/syntax\.json:3:\d+: invalid JSON/);
    expect(() => load(join(dir, 'missing.json'))).toThrow(/cannot read search space .*missing\.json: file not found/);
  });

  it('accepts a run report or best.json as a configuration file', () => {
    const path = write(
      'best.json',
      JSON.stringify({ config: { 'chunk.size': 128, retrieval: 'bm25' }, metrics: { f1: 0.5 } }),
    );
    const { config } = loadConfigFile({ path, space: TEST_CATALOGUE, defaults: CATALOGUE_DEFAULTS });
    expect(config['chunk.size']).toBe(128);
    expect(JSON.parse(readFileSync(path, 'utf8')).config.retrieval).toBe('bm25');
  });
});
