import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSquadDataset } from '../../src/data/load-squad.js';
import { errorOf, tempDataset } from './temp-dataset.js';

const context = 'Super Bowl 50 was played in Santa Clara, California.';
const v11 = {
  version: '1.1',
  data: [
    {
      title: 'Super_Bowl_50',
      paragraphs: [
        { context: 'Intro paragraph.', qas: [] },
        {
          context,
          qas: [
            {
              id: 'q1',
              question: 'Where was Super Bowl 50 played?',
              answers: [
                { text: 'Santa Clara, California', answer_start: 28 },
                { text: 'Santa Clara', answer_start: 28 },
                { text: 'Santa Clara', answer_start: 28 },
                { text: 'Santa Clara', answer_start: 3 }, // wrong offset: re-located
              ],
            },
          ],
        },
      ],
    },
  ],
};

const v20 = {
  version: 'v2.0',
  data: [
    {
      title: 'Normans',
      paragraphs: [
        {
          context: 'The Normans were in Normandy.',
          qas: [
            {
              id: 'a',
              question: 'Where were the Normans?',
              answers: [{ text: 'Normandy', answer_start: 20 }],
              is_impossible: false,
            },
            {
              id: 'b',
              question: 'Where were the Saxons?',
              answers: [],
              plausible_answers: [{ text: 'Normandy', answer_start: 20 }],
              is_impossible: true,
            },
          ],
        },
      ],
    },
  ],
};

describe('loadSquadDataset', () => {
  it('turns SQuAD v1.1 paragraphs into docs and questions with deduped answers and spans', async () => {
    const file = join(tempDataset({ 'dev-v1.1.json': JSON.stringify(v11) }), 'dev-v1.1.json');
    const dataset = await loadSquadDataset({ file });
    expect(dataset).toMatchObject({ name: 'dev-v1.1', format: 'squad', hasAnswers: true, hasGold: true, warnings: [] });
    expect(dataset.docs.map((d) => [d.id, d.title])).toEqual([
      ['Super_Bowl_50#0', 'Super Bowl 50'],
      ['Super_Bowl_50#1', 'Super Bowl 50'],
    ]);
    expect(dataset.questions).toEqual([
      {
        id: 'q1',
        question: 'Where was Super Bowl 50 played?',
        answers: ['Santa Clara, California', 'Santa Clara'],
        gold_doc_ids: ['Super_Bowl_50#1'],
        answer_spans: [
          { doc_id: 'Super_Bowl_50#1', start: 28, end: 51 },
          { doc_id: 'Super_Bowl_50#1', start: 28, end: 39 },
        ],
      },
    ]);
  });

  it('skips SQuAD v2.0 unanswerable questions with a warning', async () => {
    const file = join(tempDataset({ 'dev-v2.0.json': JSON.stringify(v20) }), 'dev-v2.0.json');
    const dataset = await loadSquadDataset({ file });
    expect(dataset.questions.map((q) => q.id)).toEqual(['a']);
    expect(dataset.questions[0].answer_spans).toEqual([{ doc_id: 'Normans#0', start: 20, end: 28 }]);
    expect(dataset.warnings).toEqual(['dev-v2.0.json: 1 unanswerable question(s) (is_impossible) were skipped']);
  });

  it('names the JSON path of a structurally wrong entry', async () => {
    const bad = { data: [{ title: 'T', paragraphs: [{ context: 'c', qas: [{ id: 'x', answers: [] }] }] }] };
    const file = join(tempDataset({ 'bad.json': JSON.stringify(bad) }), 'bad.json');
    const error = await errorOf(() => loadSquadDataset({ file }));
    expect(error.code).toBe('dataset');
    expect(error.message).toContain(
      'bad.json: field "data[0].paragraphs[0].qas[0].question" is missing (expected the question (string)) — fix the file',
    );
  });

  it('names the line of malformed JSON', async () => {
    const file = join(tempDataset({ 'broken.json': '{\n  "data": [\n    {"title": "T",, }\n  ]\n}\n' }), 'broken.json');
    const error = await errorOf(() => loadSquadDataset({ file }));
    expect(error.message).toMatch(/^broken\.json(:3:\d+)?: malformed JSON \(.+\) — fix the JSON syntax there/);
  });
});
