import { describe, expect, it } from 'vitest';
import {
  codeSpans,
  commandSpans,
  dateSpans,
  literalSpans,
  negationCount,
  quantitySpans,
  versionSpans,
  type Span,
} from '../../../src/providers/local/answer-patterns.js';

const texts = (text: string, spans: Span[]): string[] => spans.map((s) => text.slice(s.start, s.end));

describe('answer patterns', () => {
  it('finds numbers with their units', () => {
    const text =
      'Uploads up to 512 MB, 100 requests per minute, 10 business days, three replicas, 1,000 users and $20 a month.';
    expect(texts(text, quantitySpans(text))).toEqual([
      '512 MB',
      '100 requests per minute',
      '10 business days',
      'three replicas',
      '1,000 users',
      '$20 a month',
    ]);
    const plain = 'The default port is 7420.';
    expect(texts(plain, quantitySpans(plain))).toEqual(['7420']);
  });

  it('does not take versions, dates or identifiers for quantities', () => {
    const text = 'Since v2 and 2.3.1 (released 2024-03-01), the node-7 pool and one of the workers are unchanged.';
    expect(texts(text, quantitySpans(text))).toEqual([]);
  });

  it('finds dates and versions', () => {
    const text = 'Version 2.3.1 shipped on March 3, 2024; v3 is due in Q3 2025 and 4.0-beta on 2025-11-02.';
    expect(texts(text, dateSpans(text))).toEqual(['March 3, 2024', 'Q3 2025', '2025-11-02']);
    expect(texts(text, versionSpans(text))).toEqual(['2.3.1', 'v3', '4.0-beta']);
    expect(texts('added in version 3', versionSpans('added in version 3'))).toEqual(['3']);
  });

  it('finds code, literals and commands', () => {
    const code = 'Run `lark sync --dry-run` to preview changes.';
    expect(texts(code, codeSpans(code))).toEqual(['lark sync --dry-run']);
    expect(texts(code, commandSpans(code))).toEqual(['lark sync --dry-run']);
    const bare = 'Run lark sync --dry-run to preview changes.';
    expect(texts(bare, commandSpans(bare))).toEqual(['lark sync --dry-run']);
    const flag = 'Pass --force when the lock is stale.';
    expect(texts(flag, commandSpans(flag))).toEqual(['--force']);
    expect(commandSpans('Use the dashboard to see it.')).toEqual([]);
    const prompt = 'Then type: $ lark login --sso';
    expect(texts(prompt, commandSpans(prompt))).toEqual(['lark login --sso']);
    const literal = 'Config lives in ~/.config/lark/config.toml, see https://example.com/docs or set LARK_TOKEN.';
    expect(texts(literal, literalSpans(literal))).toEqual([
      '~/.config/lark/config.toml',
      'https://example.com/docs',
      'LARK_TOKEN',
    ]);
  });

  it('counts negation cues', () => {
    expect(negationCount('Lark does not support Windows.')).toBe(1);
    expect(negationCount("Lark doesn't support Windows and never will.")).toBe(2);
    expect(negationCount('Lark supports Linux.')).toBe(0);
  });
});
