import { describe, expect, it } from 'vitest';
import { loadFolderDataset } from '../../src/data/load-folder.js';
import { errorOf, jsonl, tempDataset } from './temp-dataset.js';

const documents = {
  'intro.md': 'Some preface.\n\n# Getting started\n\nInstall with npm.\n',
  'guides/setup.txt': 'Run the setup wizard.\n',
  'guides/deep/api.html':
    '<html><head><title>API &amp; SDK</title><style>p{color:red}</style></head><body><h1>API</h1><p>Call&nbsp;<b>fetch</b> &lt;url&gt;.</p><script>alert(1)</script><ul><li>one</li><li>two</li></ul></body></html>',
  'notes.htm': '<p>No title here.</p>',
  'ignored.xlsx': 'binary',
  '.hidden/secret.md': '# Secret',
};

describe('loadFolderDataset', () => {
  it('reads md/txt/html recursively with ids, titles and plain text; normalises gold ids', async () => {
    const qa = jsonl(
      { id: 'q1', question: 'How to install?', answers: ['npm'], gold_doc_ids: ['intro.md'] },
      {
        id: 'q2',
        question: 'What to call?',
        answers: ['fetch'],
        gold_doc_ids: ['./guides\\deep\\api.html', 'guides/deep/api'],
      },
      {
        id: 'q3',
        question: 'Setup?',
        answers: ['wizard'],
        answer_spans: [{ doc_id: 'guides/setup.txt', start: 8, end: 20 }],
      },
    );
    const dataset = await loadFolderDataset({ dir: tempDataset({ ...documents, 'qa.jsonl': qa }) });
    expect(dataset.format).toBe('folder');
    expect(dataset.docs.map((d) => [d.id, d.title])).toEqual([
      ['guides/deep/api', 'API & SDK'],
      ['guides/setup', 'setup'],
      ['intro', 'Getting started'],
      ['notes', 'notes'],
    ]);
    expect(dataset.docs[0].text).toBe('API\n\nCall fetch <url>.\n\none\ntwo');
    expect(dataset.docs[3].text).toBe('No title here.');
    expect(dataset.questions.map((q) => q.gold_doc_ids)).toEqual([['intro'], ['guides/deep/api'], undefined]);
    expect(dataset.questions[2].answer_spans).toEqual([{ doc_id: 'guides/setup', start: 8, end: 20 }]);
  });

  it('reads qa.csv with | separated lists, optional ids and quoted cells', async () => {
    const csv =
      'id,question,answers,gold_doc_ids\nq1,How to install?,npm|npm install,intro.md\n,"Call what, exactly?",fetch,guides/deep/api.html|notes\n';
    const dataset = await loadFolderDataset({ dir: tempDataset({ ...documents, 'qa.csv': csv }) });
    expect(dataset.questions).toEqual([
      { id: 'q1', question: 'How to install?', answers: ['npm', 'npm install'], gold_doc_ids: ['intro'] },
      { id: '2', question: 'Call what, exactly?', answers: ['fetch'], gold_doc_ids: ['guides/deep/api', 'notes'] },
    ]);
  });

  it('accepts qa.csv without gold column', async () => {
    const dataset = await loadFolderDataset({
      dir: tempDataset({ 'a.txt': 'alpha', 'qa.csv': 'question,answers\nWhat?,alpha\n' }),
    });
    expect(dataset.questions).toEqual([{ id: '1', question: 'What?', answers: ['alpha'] }]);
    expect(dataset.hasGold).toBe(false);
  });

  it('names qa.csv lines: empty question, unknown gold id, bad quoting', async () => {
    const csv = 'id,question,answers,gold_doc_ids\nq1,,x,intro\nq2,Why?,y,intr\n';
    const message = (await errorOf(() => loadFolderDataset({ dir: tempDataset({ ...documents, 'qa.csv': csv }) })))
      .message;
    expect(message).toContain('qa.csv:2: column "question" is empty — write the question or remove the row');
    const unknown = (
      await errorOf(() =>
        loadFolderDataset({ dir: tempDataset({ ...documents, 'qa.csv': 'question,gold_doc_ids\nWhy?,intr\n' }) }),
      )
    ).message;
    expect(unknown).toContain('qa.csv:2: gold doc id "intr" is not in the corpus (did you mean "intro"?)');
    const quoting = (
      await errorOf(() =>
        loadFolderDataset({ dir: tempDataset({ ...documents, 'qa.csv': 'question,answers\n"Why?,y\nok,z\n' }) }),
      )
    ).message;
    expect(quoting).toMatch(/qa\.csv:\d+: .*Quote Not Closed.* — fix the CSV quoting or column count on that line/);
  });

  it('rejects a misspelt column and a missing header', async () => {
    const typo = (
      await errorOf(() =>
        loadFolderDataset({ dir: tempDataset({ 'a.txt': 'x', 'qa.csv': 'question,answer\nWhat?,x\n' }) }),
      )
    ).message;
    expect(typo).toContain(
      'qa.csv:1: unknown column "answer" (did you mean "answers"?) — rename it; columns are id,question,answers,gold_doc_ids',
    );
    const noHeader = (
      await errorOf(() => loadFolderDataset({ dir: tempDataset({ 'a.txt': 'x', 'qa.csv': 'What is x?,x\n' }) }))
    ).message;
    expect(noHeader).toContain('qa.csv:1: no "question" column — the first line must be a header');
  });

  it('names an empty document file', async () => {
    const message = (
      await errorOf(() =>
        loadFolderDataset({ dir: tempDataset({ 'a.txt': 'x', 'sub/b.md': '\n', 'qa.csv': 'question\nWhat?\n' }) }),
      )
    ).message;
    expect(message).toContain('sub/b.md: document "sub/b" has empty text — add its text or remove it');
  });
});
