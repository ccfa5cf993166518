import { describe, expect, it } from 'vitest';
import { DatasetIssues } from '../../src/data/dataset-issues.js';
import { readJsonDocuments } from '../../src/data/read-json-documents.js';
import { tempDataset } from './temp-dataset.js';

async function read(name: string, content: string) {
  const dir = tempDataset({ [name]: content });
  const issues = new DatasetIssues();
  const id = name.replace(/\.jsonl?$/, '');
  const docs = await readJsonDocuments({ path: `${dir}/${name}`, id, label: name, issues });
  return { docs, problems: issues.list() };
}

describe('readJsonDocuments', () => {
  it('reads one document object (the file id when it has none) or an array of them', async () => {
    expect((await read('a.json', '{"title": "A", "text": "alpha", "lang": "en"}')).docs).toEqual([
      { doc: { id: 'a', title: 'A', text: 'alpha' }, source: 'a.json' },
    ]);
    expect((await read('b.json', '[{"id": 7, "text": "seven"}, {"text": "two", "title": null}]')).docs).toEqual([
      { doc: { id: '7', title: undefined, text: 'seven' }, source: 'b.json[0]' },
      { doc: { id: 'b#2', title: undefined, text: 'two' }, source: 'b.json[1]' },
    ]);
  });

  it('reads JSONL, one document a line, and names each bad line with the expected keys', async () => {
    const { docs, problems } = await read(
      'c.jsonl',
      '{"id": "x", "text": "ex"}\n\n{"body": "no text"}\n[1]\n{"text": "last"}\n',
    );
    expect(docs).toEqual([
      { doc: { id: 'x', title: undefined, text: 'ex' }, source: 'c.jsonl:1' },
      { doc: { id: 'c#2', title: undefined, text: 'last' }, source: 'c.jsonl:5' },
    ]);
    expect(problems).toEqual([
      'c.jsonl:3: field "text" is missing (expected a string (the document text)) — fix the line or remove it',
      'c.jsonl:4: expected a JSON object, got array — fix the line or remove it',
    ]);
  });

  it('names a file that is not documents: other JSON, a bad array item, malformed JSON', async () => {
    expect((await read('d.json', '{"documents": []}')).problems).toEqual([
      'd.json: field "text" is missing (expected a string (the document text)) (its keys: documents) — a JSON document file holds {"text", "id"?, "title"?} or an array of them',
    ]);
    expect((await read('e.json', '[{"text": "ok"}, "just a string"]')).problems).toEqual([
      'e.json[1]: expected a JSON object, got string — a JSON document file holds {"text", "id"?, "title"?} or an array of them',
    ]);
    expect((await read('f.json', '{"text": ')).problems[0]).toMatch(
      /^f\.json: malformed JSON \(.+\) — fix the file or remove it$/,
    );
  });
});
