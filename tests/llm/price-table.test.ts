import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TuneRagError } from '../../src/errors.js';
import { estimateCost, loadPriceTable, lookupPrice } from '../../src/llm/price-table.js';

describe('price table', () => {
  it('prices known models per million tokens', () => {
    expect(estimateCost({ model: 'gpt-4o-mini', promptTokens: 1_000_000, completionTokens: 1_000_000 })).toBeCloseTo(
      0.75,
    );
  });

  it('maps dated snapshots to their base model', () => {
    expect(lookupPrice('gpt-4o-mini-2024-07-18')).toEqual(lookupPrice('gpt-4o-mini'));
  });

  it('reports an unknown model as null, never 0', () => {
    expect(estimateCost({ model: 'qwen2.5:7b', promptTokens: 10, completionTokens: 10 })).toBeNull();
  });

  it('loads overrides from a JSON file and rejects bad ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'prices-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ 'qwen2.5:7b': { inputPer1M: 0, outputPer1M: 0 } }));
    const table = loadPriceTable({ file: good });
    expect(estimateCost({ model: 'qwen2.5:7b', promptTokens: 10, completionTokens: 10, prices: table })).toBe(0);
    expect(lookupPrice('gpt-4o', table)).not.toBeNull();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ m: { inputPer1M: -1 } }));
    expect(() => loadPriceTable({ file: bad, label: 'bad.json' })).toThrow(
      /^bad\.json:1: "m"\.inputPer1M: Too small: expected number to be >=0$/,
    );
  });

  it('names the file and line of a bad entry, an unknown member or malformed JSON, with the format as the hint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'prices-'));
    const file = join(dir, 'prices.json');
    const problem = (text: string) => {
      writeFileSync(file, text);
      try {
        loadPriceTable({ file, label: 'prices.json' });
      } catch (error) {
        expect(error).toBeInstanceOf(TuneRagError);
        return `${(error as TuneRagError).message} | ${(error as TuneRagError).hint ?? ''}`;
      }
      return 'no error';
    };
    const twoModels = (second: string) =>
      `{\n  "qwen2.5:7b": { "inputPer1M": 0, "outputPer1M": 0 },\n  "my-deployment": ${second}\n}\n`;
    expect(problem(twoModels('{ "inputPer1M": 0.15 }'))).toBe(
      'prices.json:3: "my-deployment".outputPer1M: Invalid input: expected number, received undefined | ' +
        'each entry is "model": { "inputPer1M": <USD per 1M prompt tokens>, "outputPer1M": <USD per 1M completion tokens> }, both numbers >= 0',
    );
    expect(problem(twoModels('{ "input": 0.15, "inputPer1M": 0.15, "outputPer1M": 0.6 }'))).toMatch(
      /^prices\.json:3: "my-deployment": unknown member "input" \| /,
    );
    expect(problem('{\n  "a": { "inputPer1M": 1, "outputPer1M": 1 },,\n}')).toMatch(
      /^prices\.json:2:\d+: malformed JSON/,
    );
    expect(problem('[1, 2]')).toMatch(/^prices\.json: \(root\): Invalid input: expected record, received array \| /);
    expect(() => loadPriceTable({ file: join(dir, 'missing.json'), label: 'missing.json' })).toThrow(
      'prices missing.json: cannot read the price file (ENOENT)',
    );
  });
});
