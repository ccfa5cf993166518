import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load-dataset.js';
import { resolveDataset } from '../../src/data/resolve-dataset.js';
import { errorOf, jsonl, tempDataset } from './temp-dataset.js';

const native = {
  'corpus.jsonl': jsonl({ id: 'a', text: 'alpha' }),
  'qa.jsonl': jsonl({ id: 'q', question: 'a?', answers: ['alpha'] }),
};
const squad = JSON.stringify({
  data: [
    {
      title: 'T',
      paragraphs: [
        { context: 'alpha beta', qas: [{ id: 'q', question: 'b?', answers: [{ text: 'beta', answer_start: 6 }] }] },
      ],
    },
  ],
});

describe('resolveDataset / loadDataset', () => {
  it('detects each format from the files present', () => {
    const root = tempDataset({
      ...Object.fromEntries(Object.entries(native).map(([k, v]) => [`mine/${k}`, v])),
      'beir/corpus.jsonl': '',
      'beir/queries.jsonl': '',
      'beir/qrels/test.tsv': '',
      'docs/a.md': '# A',
      'docs/qa.csv': 'question\nA?\n',
      'dev.json': squad,
    });
    expect(resolveDataset({ spec: 'mine', cwd: root })).toEqual({
      path: join(root, 'mine'),
      name: 'mine',
      format: 'native',
    });
    expect(resolveDataset({ spec: './beir', cwd: root }).format).toBe('beir');
    expect(resolveDataset({ spec: join(root, 'docs'), cwd: '/' }).format).toBe('folder');
    expect(resolveDataset({ spec: 'dev.json', cwd: root })).toEqual({
      path: join(root, 'dev.json'),
      name: 'dev',
      format: 'squad',
    });
    expect(resolveDataset({ spec: 'mine/qa.jsonl', cwd: root }).path).toBe(join(root, 'mine'));
  });

  it('loads through the detected loader', async () => {
    const root = tempDataset({
      'dev.json': squad,
      ...Object.fromEntries(Object.entries(native).map(([k, v]) => [`set/${k}`, v])),
    });
    expect((await loadDataset({ spec: 'dev.json', cwd: root })).questions[0].answer_spans).toEqual([
      { doc_id: 'T#0', start: 6, end: 10 },
    ]);
    expect((await loadDataset({ spec: 'set', cwd: root })).format).toBe('native');
  });

  it('says what was looked for when a dataset is not found', async () => {
    const error = await errorOf(() => loadDataset({ spec: 'no-such-set', cwd: tempDataset({}) }));
    expect(error.code).toBe('dataset');
    expect(error.message).toMatch(
      /^dataset "no-such-set" not found: no bundled dataset datasets\/no-such-set and no path \.\/no-such-set\. Bundled: .+\. Pass a folder with corpus\.jsonl \+ qa\.jsonl, a BEIR folder, a SQuAD \.json file or a folder of documents with qa\.jsonl\/qa\.csv$/,
    );
  });

  it('explains a folder that is not a dataset', async () => {
    const root = tempDataset({ 'only-corpus/corpus.jsonl': '', 'only-docs/a.md': 'x', 'empty/x.bin': '' });
    expect((await errorOf(() => loadDataset({ spec: 'only-corpus', cwd: root }))).message).toContain(
      'has corpus.jsonl but no qa.jsonl',
    );
    expect((await errorOf(() => loadDataset({ spec: 'only-docs', cwd: root }))).message).toContain(
      'it has documents but no qa.jsonl or qa.csv',
    );
    expect((await errorOf(() => loadDataset({ spec: 'empty', cwd: root }))).message).toContain(
      'found none of corpus.jsonl, qa.jsonl, qa.csv, queries.jsonl',
    );
  });

  it('refuses a device or pipe with an input error, not an internal one', async () => {
    const error = await errorOf(() => loadDataset({ spec: '/dev/null', cwd: tempDataset({}) }));
    expect(error.code).toBe('dataset');
    expect(error.message).toMatch(
      /^dataset "\/dev\/null" is not a file or a folder \(\/dev\/null\)\. Pass a folder with corpus\.jsonl/,
    );
  });
});
