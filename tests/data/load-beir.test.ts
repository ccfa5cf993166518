import { describe, expect, it } from 'vitest';
import { loadBeirDataset } from '../../src/data/load-beir.js';
import { errorOf, jsonl, tempDataset } from './temp-dataset.js';

const corpus = jsonl(
  { _id: 'd1', title: 'Cats', text: 'Cats purr.', metadata: {} },
  { _id: 'd2', title: '', text: 'Dogs bark.' },
  { _id: 3, title: 'Only a title', text: '' },
);
const queries = jsonl(
  { _id: 'q1', text: 'Which animal purrs?' },
  { _id: 'q2', text: 'Which barks?' },
  { _id: 'q3', text: 'Unjudged?' },
  { _id: 'q4', text: 'Zero score?' },
);
const qrels = 'query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t2\nq2\t3\t1\nq4\td1\t0\nq1\tghost\t1\n';

describe('loadBeirDataset', () => {
  it('loads corpus, queries and qrels/test.tsv; keeps only judged queries', async () => {
    const dir = tempDataset({
      'corpus.jsonl': corpus,
      'queries.jsonl': queries,
      'qrels/test.tsv': qrels,
      'qrels/dev.tsv': 'q3\td1\t1\n',
    });
    const dataset = await loadBeirDataset({ dir });
    expect(dataset.format).toBe('beir');
    expect(dataset.docs).toEqual([
      { id: 'd1', title: 'Cats', text: 'Cats purr.' },
      { id: 'd2', text: 'Dogs bark.' },
      { id: '3', title: 'Only a title', text: 'Only a title' },
    ]);
    expect(dataset.questions).toEqual([
      { id: 'q1', question: 'Which animal purrs?', answers: [], gold_doc_ids: ['d1'] },
      { id: 'q2', question: 'Which barks?', answers: [], gold_doc_ids: ['d2', '3'] },
    ]);
    expect(dataset.hasAnswers).toBe(false);
    expect(dataset.hasGold).toBe(true);
    expect(dataset.warnings).toEqual([
      'qrels/test.tsv: 1 relevant judgement(s) name documents not in corpus.jsonl (first: qrels/test.tsv:6 "ghost"); ignored',
      'queries.jsonl: 2 of 4 queries have no relevant document in qrels/test.tsv and were dropped',
    ]);
  });

  it('falls back to the first qrels/*.tsv when there is no test split', async () => {
    const dir = tempDataset({ 'corpus.jsonl': corpus, 'queries.jsonl': queries, 'qrels/dev.tsv': 'q3\td1\t1\n' });
    const dataset = await loadBeirDataset({ dir });
    expect(dataset.questions.map((q) => q.id)).toEqual(['q3']);
  });

  it('names bad qrels lines', async () => {
    const dir = tempDataset({
      'corpus.jsonl': corpus,
      'queries.jsonl': queries,
      'qrels/test.tsv': 'query-id\tcorpus-id\tscore\nq1 d1 1\nq1\td1\thigh\n',
    });
    const message = (await errorOf(() => loadBeirDataset({ dir }))).message;
    expect(message).toContain(
      'qrels/test.tsv:2: expected 3 tab-separated columns (query-id, corpus-id, score), got 1 — fix the line or remove it',
    );
    expect(message).toContain('qrels/test.tsv:3: score "high" is not a number');
  });

  it('says when qrels are missing', async () => {
    const dir = tempDataset({ 'corpus.jsonl': corpus, 'queries.jsonl': queries, 'qrels/readme.txt': '' });
    expect((await errorOf(() => loadBeirDataset({ dir }))).message).toContain(
      'no qrels/*.tsv file — expected qrels/test.tsv',
    );
  });
});
