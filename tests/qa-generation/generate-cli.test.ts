import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNativeDataset } from '../../src/data/load-native.js';
import { runCli, STACK_LINE } from '../cli/run-cli.js';
import { writeRunbooks } from './fixture-corpus.js';

const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-generate-'));
mkdirSync(join(cwd, 'docs'));
writeRunbooks(join(cwd, 'docs'));

function expectCleanError(args: string[], message: string, hint?: string): void {
  const result = runCli(args, { cwd });
  expect(result.code).toBe(2);
  expect(result.stderr.split('\n')[0]).toBe(`error: ${message}`);
  if (hint) expect(result.stderr.split('\n')[1]).toBe(`hint: ${hint}`);
  expect(result.stderr).not.toMatch(STACK_LINE);
}

describe('tune-rag generate', () => {
  it('writes a native dataset with provenance, and a second run reuses it', async () => {
    const first = runCli(['generate', '--dataset', 'docs', '--out', 'gen', '--questions', '4', '--seed', '3'], { cwd });
    expect(first.code).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      `Generated 4 questions (offline-template v8, seed 3) from 12 documents in ${join(cwd, 'gen')}`,
    );
    expect(lines[1]).toBe('  types: literal 3, temporal 1; documents covered: 4/12; possible with these filters: 20');
    expect(lines.slice(3).map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'written 60',
      'unambiguous 0',
      'answerable 0',
      'unique 0',
      'discriminative 16',
      'coverage 0',
    ]);
    expect(readdirSync(join(cwd, 'gen')).sort()).toEqual(['corpus.jsonl', 'generation.json', 'qa.jsonl']);
    const dataset = await loadNativeDataset({ dir: join(cwd, 'gen') });
    expect(dataset.docs).toHaveLength(12);
    expect(dataset.questions).toHaveLength(4);
    for (const q of dataset.questions) {
      const span = q.answer_spans![0];
      expect(dataset.docs.find((d) => d.id === span.doc_id)!.text.slice(span.start, span.end)).toBe(q.answers[0]);
      expect(q.provenance).toMatchObject({ generator: 'offline-template', seed: 3 });
    }
    const inspect = runCli(['datasets', 'inspect', 'gen'], { cwd });
    expect(inspect.code).toBe(0);
    expect(inspect.stdout).toContain(
      'generated             4 questions by offline-template; types: literal 3, temporal 1; documents covered 4/12\n',
    );
    expect(inspect.stdout).toContain(
      'filter drops          written 60, unambiguous 0, answerable 0, unique 0, discriminative 16, coverage 0\n',
    );
    const second = runCli(['generate', '--dataset', 'docs', '--out', 'gen', '--questions', '4', '--seed', '3'], {
      cwd,
    });
    expect(second.code).toBe(0);
    expect(second.stdout.split('\n')[0]).toBe(
      `Reused 4 questions (offline-template v8, seed 3) from 12 documents in ${join(cwd, 'gen')}`,
    );
  });

  it('refuses an empty folder', () => {
    mkdirSync(join(cwd, 'empty'));
    expectCleanError(
      ['generate', '--dataset', 'empty', '--out', 'x'],
      `--dataset empty: no documents in ${join(cwd, 'empty')} (looked for .md, .markdown, .txt, .html, .htm, .pdf, .docx, .csv, .json, .jsonl files and corpus.jsonl)`,
      'Questions are generated from document text: add documents with text to the folder.',
    );
  });

  it('refuses an unreadable document, naming it', () => {
    mkdirSync(join(cwd, 'utf16'));
    writeFileSync(join(cwd, 'utf16', 'notes.md'), Buffer.from('\ufeffThe port is 7420.', 'utf16le'));
    expectCleanError(
      ['generate', '--dataset', 'utf16', '--out', 'x'],
      'notes.md: file is not valid UTF-8 (looks like UTF-16): convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8 notes.md > notes.md.utf8',
    );
  });

  it('says how many questions are possible when more are asked for', () => {
    expectCleanError(
      ['generate', '--dataset', 'docs', '--out', 'big', '--questions', '50', '--seed', '3'],
      '--questions 50: only 20 questions can be generated from these 12 documents (72 informative sentences, 20 candidates before filtering)',
      'Ask for at most 20, or add documents.',
    );
    expect(existsSync(join(cwd, 'big'))).toBe(false);
  });

  it('refuses an unknown question type and a folder with a hand-written qa.jsonl', () => {
    expectCleanError(
      ['generate', '--dataset', 'docs', '--out', 'x', '--types', 'numeric,dates'],
      '--types: unknown question type "dates".',
      'Available: numeric, temporal, literal, entity, two-document',
    );
    mkdirSync(join(cwd, 'mine'));
    writeFileSync(join(cwd, 'mine', 'qa.jsonl'), '{"id":"q1","question":"Which port?","answers":["7100"]}\n');
    expectCleanError(
      ['generate', '--dataset', 'docs', '--out', 'mine', '--questions', '4', '--seed', '3'],
      `--out ${join(cwd, 'mine')}: the folder already has a qa.jsonl that tune-rag did not generate`,
    );
  });
});

describe('tune-rag --dataset DOCS --generate-qa N', () => {
  it('generates first, says what and where, tunes on it; a second run reuses both', () => {
    const args = ['--dataset', 'docs', '--generate-qa', '4', '--seed', '3', '--budget', '2', '--no-fidelity'];
    const first = runCli(args, { cwd });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const where =
      /^Generated 4 questions \(offline-template v8, seed 3\) from 12 documents in (\.tune-rag\/generated\/docs-[0-9a-f]{8})$/m.exec(
        first.stdout,
      );
    expect(where).not.toBeNull();
    expect(first.stdout).toMatch(/^starting study docs-[0-9a-f]{8}-/m);
    expect(first.stdout).toMatch(/12 documents, 4 of 4 questions/);
    const second = runCli(args, { cwd });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(
      `Reused 4 questions (offline-template v8, seed 3) from 12 documents in ${where![1]}`,
    );
    expect(second.stdout).toContain('2/2 trials done, nothing to run');
  });

  it('refuses a dataset that already has questions instead of replacing them', () => {
    mkdirSync(join(cwd, 'asked'), { recursive: true });
    writeFileSync(join(cwd, 'asked', 'notes.md'), '# Ports\n\nThe broker listens on port 7100.\n');
    writeFileSync(join(cwd, 'asked', 'qa.jsonl'), '{"id":"q1","question":"Which port?","answers":["7100"]}\n');
    expectCleanError(
      ['--dataset', 'asked', '--generate-qa', '4'],
      '--generate-qa: --dataset asked already has questions (qa.jsonl)',
      'Drop --generate-qa to tune on them, or write generated ones elsewhere with tune-rag generate --dataset DIR --out NEW_DIR.',
    );
    const generated = join(cwd, '.tune-rag', 'generated');
    expect(existsSync(generated) ? readdirSync(generated).filter((name) => name.startsWith('asked-')) : []).toEqual([]);
  });

  it('refuses an empty folder and an unreadable document before generating', () => {
    mkdirSync(join(cwd, 'bare'));
    expectCleanError(
      ['--dataset', 'bare', '--generate-qa', '100'],
      `--dataset bare: no documents in ${join(cwd, 'bare')} (looked for .md, .markdown, .txt, .html, .htm, .pdf, .docx, .csv, .json, .jsonl files and corpus.jsonl)`,
      'Questions are generated from document text: add documents with text to the folder.',
    );
    mkdirSync(join(cwd, 'latin1'));
    writeFileSync(join(cwd, 'latin1', 'notes.md'), Buffer.from('\ufeffThe port is 7420.', 'utf16le'));
    expectCleanError(
      ['--dataset', 'latin1', '--generate-qa', '100'],
      'notes.md: file is not valid UTF-8 (looks like UTF-16): convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8 notes.md > notes.md.utf8',
    );
  });

  it('says how many are possible when N is too large', () => {
    expectCleanError(
      ['--dataset', 'docs', '--generate-qa', '50', '--seed', '3'],
      '--generate-qa 50: only 20 questions can be generated from these 12 documents (72 informative sentences, 20 candidates before filtering)',
      'Ask for at most 20, or add documents.',
    );
  });
});
