import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetIssues } from '../../src/data/dataset-issues.js';
import { CorpusDocSchema, QaItemSchema } from '../../src/data/dataset-schema.js';
import { readJsonl } from '../../src/data/read-jsonl.js';
import { errorOf, jsonl, tempDataset } from './temp-dataset.js';

const read = (dir: string, file: string, issues = new DatasetIssues()) =>
  readJsonl({
    path: join(dir, file),
    label: file,
    what: 'test records',
    schema: file === 'qa.jsonl' ? QaItemSchema : CorpusDocSchema,
    issues,
  });

describe('readJsonl', () => {
  it('reads records with their line numbers, skipping blank lines and tolerating extra keys', async () => {
    const dir = tempDataset({ 'corpus.jsonl': '{"id":"a","text":"x","extra":1}\n\n   \r\n{"id":"b","text":"y"}\r\n' });
    const records = await read(dir, 'corpus.jsonl');
    expect(records.map((r) => [r.line, r.value.id])).toEqual([
      [1, 'a'],
      [4, 'b'],
    ]);
    expect(records[0].value.extra).toBe(1);
  });

  it('strips a UTF-8 byte-order mark', async () => {
    const dir = tempDataset({ 'corpus.jsonl': '\uFEFF{"id":"a","text":"x"}\n' });
    expect((await read(dir, 'corpus.jsonl'))[0].value.id).toBe('a');
  });

  it('reports a malformed line with file:line and what to do', async () => {
    const dir = tempDataset({ 'corpus.jsonl': jsonl({ id: 'a', text: 'x' }) + '{"id": "b", text: "y"}\n' });
    const issues = new DatasetIssues();
    expect(await read(dir, 'corpus.jsonl', issues)).toHaveLength(1);
    expect(issues.list()[0]).toMatch(/^corpus\.jsonl:2: malformed JSON \(.+\) — fix the line or remove it$/);
  });

  it('names a missing field and a wrong field type', async () => {
    const dir = tempDataset({
      'qa.jsonl': jsonl(
        { id: 'q1', answers: ['a'] },
        { id: 'q2', question: 'Why?', answers: 'a' },
        { id: 'q3', question: 'How?', answers: ['a', 2] },
      ),
    });
    const issues = new DatasetIssues();
    await read(dir, 'qa.jsonl', issues);
    expect(issues.list()).toEqual([
      'qa.jsonl:1: field "question" is missing (expected a non-empty string) — fix the line or remove it',
      'qa.jsonl:2: field "answers": expected an array of strings, e.g. ["Paris"], got string — fix the line or remove it',
      'qa.jsonl:3: field "answers[1]": expected a string, got number — fix the line or remove it',
    ]);
  });

  it('says when a line is not an object', async () => {
    const dir = tempDataset({ 'corpus.jsonl': '["a","b"]\n' });
    const issues = new DatasetIssues();
    await read(dir, 'corpus.jsonl', issues);
    expect(issues.list()[0]).toBe('corpus.jsonl:1: expected a JSON object, got array — fix the line or remove it');
  });

  it('stops after 20 problems and lists them all in one error', async () => {
    const dir = tempDataset({ 'corpus.jsonl': 'not json\n'.repeat(50) });
    const issues = new DatasetIssues();
    await read(dir, 'corpus.jsonl', issues);
    expect(issues.count).toBe(20);
    const error = await errorOf(async () => issues.throwIfAny({ dataset: dir }));
    expect(error.code).toBe('dataset');
    expect(error.message).toContain('corpus.jsonl:1: malformed JSON');
    expect(error.message).toContain('corpus.jsonl:20: malformed JSON');
    expect(error.message).not.toContain('corpus.jsonl:22:');
    expect(error.message).toContain('stopped after 20 problems');
  });

  it('names a missing file and what it should contain', async () => {
    const dir = tempDataset({});
    const error = await errorOf(() => read(dir, 'corpus.jsonl'));
    expect(error.code).toBe('io');
    expect(error.message).toContain(
      `cannot read corpus.jsonl (${join(dir, 'corpus.jsonl')}): file not found; expected test records`,
    );
  });

  it('says when the path is a directory', async () => {
    const dir = tempDataset({ 'corpus.jsonl/inner.txt': 'x' });
    const error = await errorOf(() => read(dir, 'corpus.jsonl'));
    expect(error.code).toBe('io');
    expect(error.message).toContain('it is a directory, not a file');
  });

  it('rejects UTF-16 with a conversion command', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"id":"a","text":"x"}\n', 'utf16le')]);
    const dir = tempDataset({ 'corpus.jsonl': utf16 });
    const error = await errorOf(() => read(dir, 'corpus.jsonl'));
    expect(error.code).toBe('dataset');
    expect(error.message).toContain(
      'corpus.jsonl: file is not valid UTF-8 (looks like UTF-16): convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8',
    );
  });

  it('detects UTF-16 without a byte-order mark', async () => {
    const dir = tempDataset({ 'corpus.jsonl': Buffer.from('{"id":"a","text":"x"}\n', 'utf16le') });
    expect((await errorOf(() => read(dir, 'corpus.jsonl'))).message).toContain('looks like UTF-16');
  });

  it('rejects invalid UTF-8 naming the line', async () => {
    const latin1 = Buffer.from('{"id":"a","text":"x"}\n{"id":"b","text":"caf\xe9"}\n', 'latin1');
    const dir = tempDataset({ 'corpus.jsonl': latin1 });
    const error = await errorOf(() => read(dir, 'corpus.jsonl'));
    expect(error.code).toBe('dataset');
    expect(error.message).toMatch(
      /^corpus\.jsonl:2: file is not valid UTF-8 .*: convert it to UTF-8, e\.g\. iconv -f WINDOWS-1252 -t UTF-8/,
    );
  });
});
