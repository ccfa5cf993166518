import { describe, expect, it } from 'vitest';
import { loadNativeDataset } from '../../src/data/load-native.js';
import { errorOf, jsonl, tempDataset } from './temp-dataset.js';

const docs = [
  { id: 'paris', title: 'Paris', text: 'Paris is the capital of France.' },
  { id: 'berlin', text: 'Berlin is the capital of Germany.', lang: 'en' },
];
const qa = [
  {
    id: 'q1',
    question: 'Capital of France?',
    answers: ['Paris'],
    gold_doc_ids: ['paris'],
    type: 'bridge',
    level: 'easy',
  },
  {
    id: 'q2',
    question: 'Capital of Germany?',
    answers: ['Berlin'],
    answer_spans: [{ doc_id: 'berlin', start: 0, end: 6 }],
  },
];
const load = (files: Record<string, string>) => loadNativeDataset({ dir: tempDataset(files) });
const problems = async (files: Record<string, string>) => (await errorOf(() => load(files))).message;

describe('loadNativeDataset', () => {
  it('loads corpus.jsonl + qa.jsonl, tolerating extra keys', async () => {
    const dir = tempDataset({ 'corpus.jsonl': jsonl(...docs), 'qa.jsonl': jsonl(...qa) });
    const dataset = await loadNativeDataset({ dir, name: 'tiny' });
    expect(dataset).toMatchObject({
      name: 'tiny',
      source: dir,
      format: 'native',
      hasAnswers: true,
      hasGold: true,
      warnings: [],
    });
    expect(dataset.docs.map((d) => d.id)).toEqual(['paris', 'berlin']);
    expect(dataset.questions[0]).toMatchObject({
      id: 'q1',
      answers: ['Paris'],
      gold_doc_ids: ['paris'],
      type: 'bridge',
    });
    expect(dataset.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reports problems of both files in one error', async () => {
    const message = await problems({ 'corpus.jsonl': jsonl(docs[0]) + '{oops\n', 'qa.jsonl': jsonl({ id: 'q1' }) });
    expect(message).toContain('has 2 problems');
    expect(message).toContain('corpus.jsonl:2: malformed JSON');
    expect(message).toContain('qa.jsonl:1: field "question" is missing');
  });

  it('names both lines of a duplicate document id', async () => {
    const message = await problems({
      'corpus.jsonl': jsonl(docs[0], docs[1], { id: 'paris', text: 'again' }),
      'qa.jsonl': jsonl(qa[0]),
    });
    expect(message).toContain(
      'corpus.jsonl:3: duplicate document id "paris" (also at corpus.jsonl:1) — give each document a unique id',
    );
  });

  it('names a duplicate question id', async () => {
    const message = await problems({ 'corpus.jsonl': jsonl(...docs), 'qa.jsonl': jsonl(qa[0], qa[0]) });
    expect(message).toContain(
      'qa.jsonl:2: duplicate question id "q1" (also at qa.jsonl:1) — give each question a unique id',
    );
  });

  it('names a gold id that is not in the corpus and suggests the closest one', async () => {
    const message = await problems({
      'corpus.jsonl': jsonl(...docs),
      'qa.jsonl': jsonl({ ...qa[0], gold_doc_ids: ['pariss'] }),
    });
    expect(message).toContain(
      'qa.jsonl:1: gold doc id "pariss" is not in the corpus (did you mean "paris"?) — fix the id or add the document',
    );
  });

  it('names an empty document', async () => {
    const message = await problems({
      'corpus.jsonl': jsonl(...docs, { id: 'blank', text: '  \n' }),
      'qa.jsonl': jsonl(qa[0]),
    });
    expect(message).toContain('corpus.jsonl:3: document "blank" has empty text — add its text or remove it');
  });

  it('rejects an empty corpus and an empty question file', async () => {
    const message = await problems({ 'corpus.jsonl': '\n', 'qa.jsonl': '' });
    expect(message).toContain('corpus.jsonl: the corpus has no documents — add at least one document');
    expect(message).toContain('qa.jsonl: there are no questions — add at least one question');
  });

  it('rejects answer spans outside their document', async () => {
    const message = await problems({
      'corpus.jsonl': jsonl(...docs),
      'qa.jsonl': jsonl({ ...qa[1], answer_spans: [{ doc_id: 'berlin', start: 5, end: 500 }] }),
    });
    expect(message).toContain(
      'qa.jsonl:1: answer_spans[0] [5, 500) is outside document "berlin" (length 33) — need start < end ≤ 33',
    );
  });

  it('names a missing qa.jsonl', async () => {
    const error = await errorOf(() => load({ 'corpus.jsonl': jsonl(...docs) }));
    expect(error.code).toBe('io');
    expect(error.message).toMatch(/cannot read qa\.jsonl \(.*qa\.jsonl\): file not found; expected the questions/);
  });

  it('warns about questions that no metric can score', async () => {
    const dataset = await load({
      'corpus.jsonl': jsonl(...docs),
      'qa.jsonl': jsonl(qa[0], { id: 'q3', question: 'Hm?' }),
    });
    expect(dataset.warnings).toEqual([
      '1 question(s) have neither answers nor gold documents, so no metric can score them',
    ]);
  });
});

describe('loadNativeDataset title', () => {
  it('treats a null title as no title', async () => {
    const dataset = await load({
      'corpus.jsonl': jsonl({ id: 'a', title: null, text: 'x' }),
      'qa.jsonl': jsonl({ id: 'q', question: 'x?', answers: ['x'] }),
    });
    expect(dataset.docs[0].title).toBeUndefined();
  });
});
