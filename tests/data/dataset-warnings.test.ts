import { describe, expect, it } from 'vitest';
import { isBareNumberOrYesNo } from '../../src/data/answer-shape.js';
import { groundTruthKind } from '../../src/data/ground-truth-keys.js';
import { formatInspectReport } from '../../src/data/format-inspect-report.js';
import { inspectDataset } from '../../src/data/inspect-dataset.js';
import { loadDataset } from '../../src/data/load-dataset.js';
import { jsonl, tempDataset } from './temp-dataset.js';

const CHUNK = { tokens: 64, source: 'the test chunk size' };

const cleanCorpus = [
  { id: 'd1', text: 'Mercury is the smallest planet and the closest to the Sun.' },
  { id: 'd2', text: 'Venus has a thick atmosphere of carbon dioxide.' },
  { id: 'd3', text: 'Mars is called the Red Planet because of iron oxide.' },
  { id: 'd4', text: 'Jupiter is the largest planet of the Solar System.' },
  { id: 'd5', text: 'Saturn is known for its bright rings of ice.' },
];
const cleanQa = [
  {
    id: 'q1',
    question: 'Which planet is the smallest?',
    answers: ['Mercury'],
    gold_doc_ids: ['d1'],
    type: 'factoid',
    level: 'easy',
  },
  {
    id: 'q2',
    question: 'What is the atmosphere of Venus made of?',
    answers: ['carbon dioxide'],
    gold_doc_ids: ['d2'],
    type: 'factoid',
  },
  {
    id: 'q3',
    question: 'Why is Mars red?',
    answers: ['iron oxide'],
    answer_spans: [{ doc_id: 'd3', start: 40, end: 50 }],
    level: 'hard',
  },
  {
    id: 'q4',
    question: 'Which planet has bright rings?',
    answers: ['Saturn'],
    gold_doc_ids: ['d5'],
    answer_type: 'entity',
    difficulty: 2,
  },
];

const repeated = 'alpha beta gamma. '.repeat(1000);
const messyCorpus = [
  ...cleanCorpus.slice(0, 3),
  { id: 'd4', text: 'Jupiter is the largest planet and has 95 moons.' },
  cleanCorpus[4],
  { id: 'd6', text: repeated },
];
const messyQa = [
  { id: 'q1', question: 'How many moons has Jupiter?', answers: ['95'], gold_doc_ids: ['d4'] },
  { id: 'q2', question: 'Is Venus hot?', answers: ['yes'] },
  { id: 'q3', question: 'Is Mars wet?', answers: ['false'], evidence: ['Mars is a desert.'] },
  {
    id: 'q4',
    question: 'how many MOONS has jupiter',
    answers: ['3.5%'],
    gold_doc_ids: ['d4'],
    type: 'numeric',
    level: 'easy',
  },
  {
    id: 'q5',
    question: 'Why are the rings bright?',
    answers: ['because they are made of fresh water ice'],
    gold_spans: [['d5', 0]],
  },
  {
    id: 'q6',
    question: 'Where is Mercury?',
    answers: ['next to the star it orbits'],
    gold_spans: [{ doc_id: 'd1', start: 0, end: 7, text: 'Mercury' }],
  },
];

async function load(corpus: unknown[], qa: unknown[]) {
  const dir = tempDataset({ 'corpus.jsonl': jsonl(...corpus), 'qa.jsonl': jsonl(...qa) });
  return loadDataset({ spec: dir, cwd: dir });
}

describe('dataset warnings', () => {
  it('a clean set warns about nothing (extra keys such as type, level, answer_type are tolerated silently)', async () => {
    const report = inspectDataset({ dataset: await load(cleanCorpus, cleanQa), chunk: CHUNK });
    expect(report.warnings).toEqual([]);
    expect(formatInspectReport(report)).toMatch(/^warnings\s+none$/m);
  });

  it('each check fires on its trigger with the figure, the threshold and what to do', async () => {
    const report = inspectDataset({ dataset: await load(messyCorpus, messyQa), chunk: CHUNK });
    const byCode = Object.fromEntries(report.warnings.map((w) => [w.code, w]));
    expect(report.warnings.map((w) => w.code)).toEqual([
      'answers-not-verbatim',
      'short-answers',
      'ground-truth-keys',
      'gold-spans-ignored',
      'questions-without-gold',
      'duplicate-questions',
      'dominant-document',
      'repetitive-documents',
    ]);
    // d6 is long, but no question's gold is the whole of it: nothing is scored leniently, so no long-document warning.
    // Only q1's "95" occurs in the corpus.
    expect(byCode['answers-not-verbatim']).toMatchObject({ value: 1 / 6, threshold: 0.5 });
    expect(byCode['answers-not-verbatim'].message).toBe(
      'only 16.7% of questions with answers have an answer verbatim in the corpus (warn below 50.0%): the answers are long-form or paraphrased, so token F1, exact match and containment understate good answers — score answers with content_f1 or content_rouge_l, or with an LLM judge (--judge)',
    );
    expect(byCode['short-answers']).toMatchObject({ value: 4 / 6, threshold: 0.5 });
    expect(byCode['short-answers'].message).toMatch(
      /^66\.7% of questions with answers \(4 of 6\) have only bare numbers or yes\/no as answers \(warn from 50\.0%\).* — add gold_doc_ids or answer_spans/,
    );
    expect(byCode['ground-truth-keys'].message).toBe(
      'qa.jsonl: key "evidence" looks like ground truth but is ignored (1 of 6 questions, first "q3") — tune-rag reads ground truth only from gold_doc_ids and answer_spans ([{doc_id, start, end}] character offsets): map it to one of them (passages not in the corpus go into corpus.jsonl first)',
    );
    expect(byCode['gold-spans-ignored'].message).toBe(
      'qa.jsonl: "gold_spans" was ignored (1 of 6 questions, first "q5"): it is read as answer_spans only in the shape [{"doc_id", "start", "end"}] — here field "gold_spans[0]": expected an object {"doc_id", "start", "end"}, got array; convert it to character offsets into the document text, or list the documents in gold_doc_ids',
    );
    expect(byCode['questions-without-gold']).toMatchObject({ value: 0.5, threshold: 0 });
    expect(byCode['questions-without-gold'].message).toMatch(
      /^3 of 6 questions \(50\.0%\) have no gold_doc_ids or answer_spans/,
    );
    expect(byCode['duplicate-questions']).toMatchObject({ value: 1, threshold: 0 });
    expect(byCode['duplicate-questions'].message).toMatch(
      /^1 question\(s\) repeat an earlier one \(1 text\(s\) asked more than once.*e\.g\. "How many moons has Jupiter\?" \(q1, q4\)/,
    );
    expect(byCode['dominant-document']).toMatchObject({ value: 18_000 / 18_248, threshold: 0.1 });
    expect(byCode['dominant-document'].message).toBe(
      '1 document(s) dominate the corpus (warn above 20× the median document length of 50 characters and 10.0% of all text, with 5+ documents): "d6" 18,000 characters, 364× the median, 98.6% of all text — its chunks crowd the index and the retrieved lists; check it is not several documents or a dump in one, and split it or remove it',
    );
    expect(byCode['repetitive-documents'].message).toMatch(
      /^1 document\(s\) are highly repetitive \(warn under 50\.0% distinct 8-word sequences or deflating to under 15\.0% of their size; natural text stays above 95% and 30%\): "d6" 0\.1% distinct, deflates to 0\.\d% — .*remove the repeats or boilerplate$/,
    );
  });

  it('stays silent just inside each threshold: 50% verbatim, under 50% short answers, under 5 documents for dominance', async () => {
    const corpus = [0, 1, 2, 3].map((i) => ({ id: `d${i}`, text: `Document ${i} says ${'word '.repeat(20)}` }));
    const qa = [
      { id: 'q0', question: 'Zero?', answers: ['Document 0'], gold_doc_ids: ['d0'] },
      { id: 'q1', question: 'One?', answers: ['Document 1'], gold_doc_ids: ['d1'] },
      { id: 'q2', question: 'Two?', answers: ['2'], gold_doc_ids: ['d2'] },
      { id: 'q3', question: 'Three?', answers: ['not there at all'], gold_doc_ids: ['d3'] },
      { id: 'q4', question: 'Four?', answers: ['nor this one'], gold_doc_ids: ['d3'] },
    ];
    // 3 of 5 verbatim (60%); 1 of 5 short (20%); each of 4 documents holds 25% but a 4-document corpus is below the 5 needed.
    const report = inspectDataset({ dataset: await load(corpus, qa), chunk: CHUNK });
    expect(report.answersInCorpus).toBe(0.6);
    expect(report.warnings).toEqual([]);
    const halfShort = inspectDataset({
      dataset: await load(
        corpus,
        qa.map((q, i) => (i < 3 ? { ...q, answers: ['yes'] } : q)),
      ),
      chunk: CHUNK,
    });
    expect(halfShort.warnings.map((w) => [w.code, w.value])).toEqual([
      ['answers-not-verbatim', 0],
      ['short-answers', 0.6],
    ]);
    // With gold on every question the short-answer advice is about answers, not about adding gold.
    expect(halfShort.warnings[1].message).toMatch(
      /— retrieval is judged by your gold documents, but answer scores are all or nothing: consider an LLM judge \(--judge\)$/,
    );
  });

  it('counts the questions whose gold is a long document without spans', async () => {
    const corpus = [...cleanCorpus, { id: 'manual', text: 'The manual explains every setting in detail. '.repeat(40) }];
    const qa = [
      ...cleanQa,
      { id: 'q5', question: 'What does the manual explain?', answers: ['every setting'], gold_doc_ids: ['manual'] },
    ];
    const report = inspectDataset({
      dataset: await load(corpus, qa),
      chunk: { tokens: 64, source: 'the largest chunk.size in the search space' },
    });
    expect(report.warnings.map((w) => w.code)).toEqual(['long-documents', 'dominant-document']);
    expect(report.warnings[0].message).toBe(
      '1 document(s) are longer than 4× the largest chunk.size in the search space (64 tokens), the longest "manual" with 321 tokens: every chunk of such a gold document counts as relevant, so retrieval is scored leniently for the 1 question(s) whose gold is one of them without answer_spans — give answer_spans, or split the documents',
    );
    // With an answer span on that question, its chunks are judged by the span: no warning.
    const spanned = qa.map((q) =>
      q.id === 'q5' ? { ...q, answer_spans: [{ doc_id: 'manual', start: 0, end: 10 }] } : q,
    );
    expect(inspectDataset({ dataset: await load(corpus, spanned), chunk: CHUNK }).warnings.map((w) => w.code)).toEqual([
      'dominant-document',
    ]);
    // Without a chunk size (no search space) the long-document check is off.
    expect(inspectDataset({ dataset: await load(corpus, qa) }).warnings.map((w) => w.code)).toEqual([
      'dominant-document',
    ]);
  });

  it('gold_spans of the right shape is read as answer_spans (merged, deduplicated, same fingerprint as writing answer_spans)', async () => {
    const span = { doc_id: 'd3', start: 40, end: 50 };
    const viaGold = await load(cleanCorpus, [
      {
        id: 'q1',
        question: 'Why is Mars red?',
        answers: ['iron oxide'],
        gold_spans: [{ ...span, text: 'iron oxide' }],
      },
    ]);
    const viaAnswer = await load(cleanCorpus, [
      { id: 'q1', question: 'Why is Mars red?', answers: ['iron oxide'], answer_spans: [span] },
    ]);
    expect(viaGold.questions[0]).toEqual({
      id: 'q1',
      question: 'Why is Mars red?',
      answers: ['iron oxide'],
      answer_spans: [span],
    });
    expect(viaGold.fingerprint).toBe(viaAnswer.fingerprint);
    expect(viaGold.hasGold).toBe(true);
    const both = await load(cleanCorpus, [
      {
        id: 'q1',
        question: 'Why is Mars red?',
        answers: ['iron oxide'],
        answer_spans: [span],
        gold_spans: [span, { doc_id: 'd1', start: 0, end: 7 }],
      },
    ]);
    expect(both.questions[0].answer_spans).toEqual([span, { doc_id: 'd1', start: 0, end: 7 }]);
  });

  it('a gold_spans span outside its document is an error like any answer span', async () => {
    const dir = tempDataset({
      'corpus.jsonl': jsonl(...cleanCorpus),
      'qa.jsonl': jsonl({
        id: 'q1',
        question: 'Why?',
        answers: ['x'],
        gold_spans: [{ doc_id: 'd3', start: 40, end: 900 }],
      }),
    });
    await expect(loadDataset({ spec: dir, cwd: dir })).rejects.toThrow(
      /qa\.jsonl:1: answer_spans\[0\] \[40, 900\) is outside document "d3" \(length 52\)/,
    );
  });

  it('matches ground-truth-looking keys by the documented word pattern', () => {
    const kinds = Object.fromEntries(
      [
        'gold_spans',
        'evidence',
        'contexts',
        'context',
        'supporting_facts',
        'positive_ctxs',
        'gold_passages',
        'goldDocs',
        'relevant-docs',
        'answer',
        'ground_truth',
        'reference_answer',
        'answer_start',
        'type',
        'level',
        'answer_type',
        'context_count',
        'difficulty',
        'question_id',
        'metadata',
        'source',
        'id',
        'answers',
      ].map((k) => [k, groundTruthKind(k)]),
    );
    expect(kinds).toEqual({
      gold_spans: 'evidence',
      evidence: 'evidence',
      contexts: 'evidence',
      context: 'evidence',
      supporting_facts: 'evidence',
      positive_ctxs: 'evidence',
      gold_passages: 'evidence',
      goldDocs: 'evidence',
      'relevant-docs': 'evidence',
      answer: 'answer',
      ground_truth: 'answer',
      reference_answer: 'answer',
      answer_start: 'answer',
      type: null,
      level: null,
      answer_type: null,
      context_count: null,
      difficulty: null,
      question_id: null,
      metadata: null,
      source: null,
      id: null,
      answers: null,
    });
  });

  it('tells bare numbers and yes/no from answers that identify a passage', () => {
    const yes = ['yes', 'No', ' TRUE ', '42', '-3.7', '1,200', '3.5%', '$5', '12 percent', '1990.'];
    const no = ['Paris', '42 moons', 'March 1990', 'no idea', 'v2.1', 'yes, since 2019', ''];
    expect(yes.filter(isBareNumberOrYesNo)).toEqual(yes);
    expect(no.filter(isBareNumberOrYesNo)).toEqual([]);
  });
});
