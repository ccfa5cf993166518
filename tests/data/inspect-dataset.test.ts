import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset-schema.js';
import { formatInspectReport } from '../../src/data/format-inspect-report.js';
import { inspectDataset } from '../../src/data/inspect-dataset.js';

const dataset: Dataset = {
  name: 'tiny',
  source: 'datasets/tiny',
  format: 'native',
  docs: [
    { id: 'paris', text: 'Paris is the capital of France.' },
    { id: 'berlin', text: 'Berlin is the capital of Germany.' },
    { id: 'rome', text: 'Rome.' },
  ],
  questions: [
    { id: 'q1', question: 'Capital of France?', answers: ['paris'], gold_doc_ids: ['paris'] },
    { id: 'q2', question: 'Capital of Germany?', answers: ['Berlin'], gold_doc_ids: ['paris', 'berlin'] },
    {
      id: 'q3',
      question: 'Capital of Spain?',
      answers: ['Madrid'],
      answer_spans: [{ doc_id: 'rome', start: 0, end: 4 }],
    },
    { id: 'q4', question: 'Which is old?', answers: [] },
  ],
  fingerprint: '0123456789abcdef',
  hasAnswers: true,
  hasGold: true,
  warnings: ['1 question(s) have neither answers nor gold documents, so no metric can score them'],
};

describe('inspectDataset', () => {
  it('counts, measures lengths and checks answers against corpus and gold', () => {
    const report = inspectDataset({ dataset });
    expect(report.counts).toEqual({ docs: 3, questions: 4, questionsWithAnswers: 3, questionsWithGold: 3 });
    expect(report.docLength.chars.max).toBe(33);
    expect(report.docLength.words).toEqual({ p5: 2, p50: 6, p95: 6, max: 6 });
    expect(report.questionLength.wordsP50).toBe(3);
    expect(report.answersInCorpus).toBeCloseTo(2 / 3);
    expect(report.answersInGoldDocs).toBeCloseTo(2 / 3);
    expect(report.goldCoverage).toBe(0.75);
    expect(report.meanGoldDocsPerQuestion).toBeCloseTo(4 / 3);
    expect(report.fingerprint).toBe('0123456789abcdef');
  });

  it('uses null shares when nothing qualifies', () => {
    const report = inspectDataset({ dataset: { ...dataset, questions: [{ id: 'q', question: 'x?', answers: [] }] } });
    expect(report.answersInCorpus).toBeNull();
    expect(report.answersInGoldDocs).toBeNull();
    expect(report.meanGoldDocsPerQuestion).toBeNull();
    expect(report.goldCoverage).toBe(0);
  });

  it('formats aligned two-column text', () => {
    const text = formatInspectReport(inspectDataset({ dataset }));
    expect(text).toContain('dataset               tiny (native)');
    expect(text).toContain('questions             4 (3 with answers, 3 with gold)');
    expect(text).toContain('answers in corpus     66.7% (verbatim, case-insensitive)');
    expect(text).toContain('gold docs / question  1.33');
    expect(text).toContain('warnings              1 question(s) have neither');
    const valueColumns = new Set(
      text.split('\n').map((line) => /^\S.*?\s{2,}/.exec(line)?.[0].length ?? line.search(/\S/)),
    );
    expect(valueColumns.size).toBe(1);
  });
});
