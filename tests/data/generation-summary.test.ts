import { describe, expect, it } from 'vitest';
import type { Dataset, QaItem } from '../../src/data/dataset-schema.js';
import { generationSummary } from '../../src/data/generation-summary.js';

function question(id: string, type: string, source: string, gold: string[]): QaItem {
  return {
    id,
    question: `q ${id}?`,
    answers: ['a'],
    gold_doc_ids: gold,
    provenance: { generator: 'offline-template', type, source: { doc_id: source } },
  } as QaItem;
}

const dataset = (questions: QaItem[]): Dataset => ({
  name: 'gen',
  source: '/nonexistent/gen',
  format: 'native',
  docs: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, text: `text ${id}` })),
  questions,
  fingerprint: 'f',
  hasAnswers: true,
  hasGold: true,
});

describe('generationSummary', () => {
  it('counts both documents of a two-document question as covered, as the generation report does', () => {
    const summary = generationSummary({
      dataset: dataset([
        question('1', 'entity', 'a', ['a']),
        question('2', 'two-document', 'b', ['b', 'c']),
        question('3', 'numeric', 'a', ['a']),
      ]),
    });
    expect(summary).toEqual({
      generators: ['offline-template'],
      generatedQuestions: 3,
      types: { entity: 1, 'two-document': 1, numeric: 1 },
      documentsCovered: 3,
      documents: 5,
      filters: null,
    });
  });

  it('is null for a hand-written QA set', () => {
    expect(generationSummary({ dataset: dataset([{ id: 'x', question: 'q?', answers: [] } as QaItem]) })).toBeNull();
  });
});
