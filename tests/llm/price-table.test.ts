import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateCost, loadPriceTable, lookupPrice } from '../../src/llm/price-table.js';

describe('price table', () => {
  it('prices known models per million tokens', () => {
    expect(estimateCost({ model: 'gpt-4o-mini', promptTokens: 1_000_000, completionTokens: 1_000_000 })).toBeCloseTo(0.75);
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
    expect(() => loadPriceTable({ file: bad })).toThrow(/m\./);
  });
});
