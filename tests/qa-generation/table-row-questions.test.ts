import { describe, expect, it } from 'vitest';
import type { CorpusDoc } from '../../src/data/dataset-schema.js';
import { ANSWER_TYPES } from '../../src/qa-generation/answer-candidates.js';
import { emptyCandidateCounts } from '../../src/qa-generation/sentence-candidates.js';
import { splitCells, tableRowCandidates } from '../../src/qa-generation/table-row-questions.js';
import { disambiguateQuestions } from '../../src/qa-generation/unambiguous-questions.js';

const reference = (version: string, port: string, retention: string): CorpusDoc => ({
  id: `broker-${version}`,
  title: `Broker reference (${version})`,
  text: [
    '# Broker options',
    '',
    '| Option | Default | Description |',
    '|---|---|---|',
    `| \`broker.port\` | \`${port}\` | Port the broker listens on. |`,
    `| \`retention\` | ${retention} | How long finished jobs are kept. |`,
    '| `log.format` | `text`, `json` or `logfmt` | Format of log lines. |',
    '',
    '| Setting | Inherits from |',
    '|---|---|',
    '| `max_attempts` | `queue.max_attempts` |',
    '',
    '| Members | Quorum |',
    '|---|---|',
    '| 3 | 2 |',
  ].join('\n'),
});

const v2 = reference('2.x', '7100', '7d');
const v3 = reference('3.x', '7200', '14d');

function candidatesOf(doc: CorpusDoc, docIndex = 0) {
  const counts = emptyCandidateCounts();
  const found = tableRowCandidates({ doc, docIndex, types: ANSWER_TYPES, maxOverlap: 0.5, counts });
  return { found, counts };
}

describe('table-row questions', () => {
  it('asks for the value cells of a row by its first cell and the column header, with exact offsets', () => {
    const { found, counts } = candidatesOf(v2);
    expect(found.map((c) => [c.question, c.answer, c.type])).toEqual([
      ['What is the default of the option `broker.port`?', '7100', 'numeric'],
      ['What is the default of the option `retention`?', '7d', 'numeric'],
    ]);
    for (const c of found) expect(v2.text.slice(c.answerStart, c.answerEnd)).toBe(c.answer);
    expect(v2.text.slice(found[0].sentenceStart, found[0].sentenceEnd)).toBe(
      '`broker.port` | `7100` | Port the broker listens on.',
    );
    // Not asked: descriptions and the list of formats (no single value), the "Inherits from"
    // column (a clause, not a value's name), and the row named "3" (a number, not a name).
    expect(counts).toMatchObject({ informative: 2, answers: 2 });
  });

  it('splits cells at pipes outside code spans', () => {
    expect(splitCells('`a|b` | 5 | x \\| y').map((c) => c.text)).toEqual(['`a|b`', '5', 'x \\| y']);
  });

  it('qualifies the same option of two versions with their titles', () => {
    const docs = [v2, v3];
    const candidates = docs.flatMap((doc, i) => candidatesOf(doc, i).found);
    const { kept, qualified, dropped } = disambiguateQuestions({ candidates, docs, maxOverlap: 0.5 });
    expect({ qualified, dropped }).toEqual({ qualified: 4, dropped: 0 });
    expect(kept.map((c) => `${c.question} ${c.answer}`)).toEqual([
      'What is the default of the option `broker.port`, according to "Broker reference (2.x)"? 7100',
      'What is the default of the option `retention`, according to "Broker reference (2.x)"? 7d',
      'What is the default of the option `broker.port`, according to "Broker reference (3.x)"? 7200',
      'What is the default of the option `retention`, according to "Broker reference (3.x)"? 14d',
    ]);
  });
});
