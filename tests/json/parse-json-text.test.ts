import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonErrorPlace, parseJsonText } from '../../src/json/parse-json-text.js';
import { readJsonFile } from '../../src/space/read-json-file.js';

describe('the place of a JSON syntax error', () => {
  it('turns "position N" into LINE:COLUMN (1-based), or keeps the label when there is no position', () => {
    const text = '{\n  "a": 1,\n  ,\n}';
    expect(
      jsonErrorPlace({ text, label: 'f.json', message: 'Expected double-quoted property name in JSON at position 14' }),
    ).toBe('f.json:3:3');
    expect(
      jsonErrorPlace({ text, label: 'f.json', message: "Expected property name or '}' in JSON at position 0" }),
    ).toBe('f.json:1:1');
    expect(jsonErrorPlace({ text, label: 'f.json', message: 'Unexpected end of JSON input' })).toBe('f.json');
  });

  it('parseJsonText and readJsonFile name the same place, also after a byte-order mark', () => {
    // The error is the first character of line 2; the mark must not shift it onto line 1.
    const text = '\uFEFF{\n,}';
    expect(() => parseJsonText({ text, label: 'prices.json' })).toThrow(
      /^prices\.json:2:1: malformed JSON \(Expected property name or '\}' in JSON at position 2\) — fix the JSON syntax there/,
    );
    const path = join(mkdtempSync(join(tmpdir(), 'tune-rag-json-')), 'space.json');
    writeFileSync(path, text);
    expect(() => readJsonFile(path, 'search space')).toThrow(
      `${path}:2:1: invalid JSON in search space (Expected property name or '}' in JSON at position 2)`,
    );
  });

  it('parses text with a byte-order mark', () => {
    expect(parseJsonText({ text: '\uFEFF{"a": [1, 2]}', label: 'x.json' })).toEqual({ a: [1, 2] });
  });
});
