import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { garbageBytes, makeDocx, makeEncryptedPdf, makePdf } from '../support/document-fixtures.js';
import { runCli, STACK_LINE } from './run-cli.js';

/** The topics: each document's facts, each fact answering one question. */
const PDFS: Record<string, string[][]> = {
  'manuals/kettle': [
    ['The kettle boils one litre in four minutes.', 'Descale the kettle with white vinegar every month.'],
    ['The kettle warranty lasts three years from purchase.'],
  ],
  'manuals/bicycle': [
    ['Inflate the bicycle tyres to sixty psi before each ride.'],
    ['Oil the bicycle chain after riding in the rain.'],
  ],
  'policies/travel': [
    ['Economy flights are booked for trips under six hours.', 'Hotel stays are capped at two hundred euros a night.'],
  ],
};
const DOCX: Record<string, Array<{ heading: 1 | 2; text: string } | { text: string }>> = {
  'handbook/onboarding': [
    { heading: 1, text: 'First week' },
    { text: 'New starters receive a laptop on their first morning.' },
    { heading: 2, text: 'Accounts' },
    { text: 'Email accounts are created by the help desk within one day.' },
  ],
  'handbook/leave': [
    { heading: 1, text: 'Annual leave' },
    { text: 'Employees get twenty five days of annual leave.' },
    { heading: 1, text: 'Sick leave' },
    { text: 'Report sick leave to your manager before ten o clock.' },
  ],
};
const QUESTIONS = [
  ['How long does the kettle take to boil a litre?', 'four minutes', 'manuals/kettle.pdf'],
  ['How long is the kettle warranty?', 'three years', 'manuals/kettle'],
  ['What pressure should the bicycle tyres have?', 'sixty psi', 'manuals/bicycle.pdf'],
  ['When should the bicycle chain be oiled?', 'after riding in the rain', 'manuals/bicycle'],
  ['Which flights are booked for short trips?', 'Economy flights', 'policies/travel.pdf'],
  ['What is the cap on hotel stays a night?', 'two hundred euros', 'policies/travel'],
  ['What do new starters receive on their first morning?', 'a laptop', 'handbook/onboarding.docx'],
  ['Who creates email accounts?', 'the help desk', 'handbook/onboarding'],
  ['How many days of annual leave do employees get?', 'twenty five days', 'handbook/leave.docx'],
  ['Who do you report sick leave to?', 'your manager', 'handbook/leave'],
] as const;

/** A PDF's text as the reader extracts it: lines joined by a line break, pages by a blank line. */
const pdfText = (pages: string[][]) => pages.map((lines) => lines.join('\n')).join('\n\n');

/** A gold span: where `answer` is in `text`. */
function spanOf(docId: string, text: string, answer: string) {
  const start = text.indexOf(answer);
  return { doc_id: docId, start, end: start + answer.length };
}

async function documentFolder(extra: Record<string, Uint8Array> = {}): Promise<string> {
  const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-docs-'));
  const dir = join(cwd, 'docs');
  const write = (path: string, content: string | Uint8Array) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  };
  for (const [id, pages] of Object.entries(PDFS)) write(`${id}.pdf`, await makePdf({ pages }));
  for (const [id, blocks] of Object.entries(DOCX)) write(`${id}.docx`, await makeDocx(blocks));
  for (const [path, bytes] of Object.entries(extra)) write(path, bytes);
  const qa = QUESTIONS.map(([question, answer, doc], i) => ({
    id: `q${i + 1}`,
    question,
    answers: [answer],
    gold_doc_ids: [doc],
  }));
  // Offsets over the extracted text: the warranty is on the kettle manual's second page.
  Object.assign(qa[1]!, {
    answer_spans: [spanOf('manuals/kettle.pdf', pdfText(PDFS['manuals/kettle']!), 'three years')],
  });
  write('qa.jsonl', qa.map((q) => JSON.stringify(q)).join('\n') + '\n');
  return cwd;
}

interface Trial {
  id: number;
  state: string;
  metrics: Record<string, number>;
  failed_questions: number;
}

describe('tune-rag on a folder of PDF and DOCX documents', () => {
  it('tunes end to end, and datasets inspect counts the documents', async () => {
    const cwd = await documentFolder();
    const inspect = runCli(['datasets', 'inspect', 'docs', '--json'], { cwd });
    expect(inspect.code).toBe(0);
    const report = JSON.parse(inspect.stdout);
    expect([report.format, report.counts]).toEqual([
      'folder',
      { docs: 5, questions: 10, questionsWithAnswers: 10, questionsWithGold: 10 },
    ]);
    // Every answer is found in the extracted text of its gold document.
    expect([report.answersInCorpus, report.answersInGoldDocs, report.warnings]).toEqual([1, 1, []]);
    expect(runCli(['datasets', 'inspect', 'docs'], { cwd }).stdout).toMatch(/documents\s+5\b/);

    const result = runCli(['--dataset', 'docs', '--budget', '4', '--seed', '1', '--json', 'out.json'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    const trials = out.trials as Trial[];
    expect(trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete', 'complete']);
    expect(trials.map((t) => [t.metrics.questions, t.failed_questions])).toEqual([
      [10, 0],
      [10, 0],
      [10, 0],
      [10, 0],
    ]);
    // The baseline (dense hash-words, top 4 of 5 documents' chunks) as measured: every gold
    // document ranked first; extractive answers contain every reference answer.
    const baseline = trials[0]!.metrics;
    expect([baseline.hit_rate, baseline.mrr, baseline.recall_at_k, baseline.precision_at_k]).toEqual([1, 1, 1, 0.25]);
    expect([baseline.exact_match, baseline.containment]).toEqual([0, 1]);
    expect(baseline.f1).toBeCloseTo(0.427778, 6);
    expect(out.best.objectives.quality).toBeGreaterThan(trials[0]!.metrics.f1);
  }, 300_000);

  it('stops on a corrupt PDF with exit 2 and a message naming the file, and on a file over --max-document-mb', async () => {
    const cwd = await documentFolder({
      'manuals/broken.pdf': garbageBytes(4096),
      'manuals/locked.pdf': makeEncryptedPdf(),
    });
    const broken = runCli(['datasets', 'inspect', 'docs'], { cwd });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(
      'manuals/broken.pdf: not a readable PDF (Invalid PDF structure.) — re-export or repair it (e.g. qpdf in.pdf out.pdf) or remove it from the folder',
    );
    expect(broken.stderr).toContain(
      'manuals/locked.pdf: the PDF is encrypted (password-protected) — decrypt it (e.g. qpdf --decrypt --password=PASSWORD in.pdf out.pdf) or remove it from the folder',
    );
    expect(broken.stderr).not.toMatch(STACK_LINE);
    const tune = runCli(['--dataset', 'docs', '--budget', '1'], { cwd });
    expect([tune.code, tune.stderr.includes('manuals/broken.pdf: not a readable PDF')]).toEqual([2, true]);

    const big = runCli(['run', '--dataset', 'docs', '--max-document-mb', '0.001'], { cwd });
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(
      /handbook\/leave\.docx: [\d.]+ MB is over the 0\.001 MB limit for a document file — raise --max-document-mb \(e\.g\. 1\) or remove the file/,
    );
    expect(big.stderr).not.toMatch(STACK_LINE);
    // The same limit on eval and generate, which read the dataset's documents before anything else.
    writeFileSync(join(cwd, 'candidate.json'), JSON.stringify({ top_k: 3 }));
    const evalArgs = ['eval', '--config', 'candidate.json', '--dataset', 'docs', '--max-document-mb', '0.001'];
    const generateArgs = ['generate', '--dataset', 'docs', '--out', 'qa-out', '--max-document-mb', '0.001'];
    const tuneArgs = ['--dataset', 'docs', '--budget', '1', '--max-document-mb', '0.001'];
    for (const args of [tuneArgs, evalArgs, generateArgs]) {
      const refused = runCli(args, { cwd });
      expect([args[0], refused.code]).toEqual([args[0], 2]);
      expect(refused.stderr).toMatch(
        /handbook\/leave\.docx: [\d.]+ MB is over the 0\.001 MB limit .* raise --max-document-mb/,
      );
    }
    const zero = runCli(['datasets', 'inspect', 'docs', '--max-document-mb', '0'], { cwd });
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('expected a number of megabytes > 0 (e.g. 50 or 0.5), got "0".');
  }, 120_000);
});
