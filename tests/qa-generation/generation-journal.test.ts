import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { QUESTION_TYPES } from '../../src/qa-generation/answer-candidates.js';
import { generateIntoFolder } from '../../src/qa-generation/generate-into-folder.js';
import { GenerationJournal, JOURNAL_FILE } from '../../src/qa-generation/generation-journal.js';
import { loadSourceDocuments } from '../../src/qa-generation/load-source-documents.js';
import { openWorkspace } from '../../src/workspace/workspace.js';
import { writeRunbooks } from './fixture-corpus.js';

const root = mkdtempSync(join(tmpdir(), 'tune-rag-journal-'));
const settings = { generator: 'offline-template', seed: 3, questions: 4, types: ['numeric'] };
const entry = z.string();

function open(dir: string, options: { key?: string; seed?: number; resume?: boolean } = {}) {
  const warnings: string[] = [];
  const opened = GenerationJournal.open({
    dir,
    key: options.key ?? 'k1',
    settings: { ...settings, seed: options.seed ?? 3 },
    entry,
    resume: options.resume,
    warn: (line) => warnings.push(line),
  });
  return { ...opened, warnings };
}

describe('generation journal', () => {
  it('keeps every appended unit; a truncated last line is dropped with a warning and written over', () => {
    const dir = join(root, 'torn');
    mkdirSync(dir);
    const first = open(dir);
    expect(first.done.size).toBe(0);
    first.journal.append('probe:weak', '0110');
    first.journal.append('probe:baseline', '0111');
    first.journal.close();
    appendFileSync(join(dir, JOURNAL_FILE), '{"unit":"probe:strong","val');
    const second = open(dir);
    expect([...second.done]).toEqual([
      ['probe:weak', '0110'],
      ['probe:baseline', '0111'],
    ]);
    expect(second.warnings).toEqual([
      `warning: ${join(dir, JOURNAL_FILE)}: dropped a truncated last line (27 bytes, a write the interruption cut); that unit is generated again`,
    ]);
    second.journal.append('probe:strong', '1111');
    second.journal.close();
    const lines = readFileSync(join(dir, JOURNAL_FILE), 'utf8').split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.slice(1)).toEqual([
      '{"unit":"probe:weak","value":"0110"}',
      '{"unit":"probe:baseline","value":"0111"}',
      '{"unit":"probe:strong","value":"1111"}',
      '',
    ]);
    const third = open(dir);
    expect(third.done.size).toBe(3);
    expect(third.warnings).toEqual([]);
    third.journal.finish();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a journal of other settings, naming what differs, and a damaged line', () => {
    const dir = join(root, 'other');
    mkdirSync(dir);
    open(dir).journal.close();
    expect(() => open(dir, { key: 'k2', seed: 4 })).toThrow(
      `out ${dir} holds a partial generation with other settings (seed 3 there, 4 now)`,
    );
    appendFileSync(join(dir, JOURNAL_FILE), '{"unit":7}\n');
    expect(() => open(dir)).toThrow(`${join(dir, JOURNAL_FILE)}: line 2 is not a generation journal line`);
    const none = join(root, 'none');
    mkdirSync(none);
    expect(() => open(none, { resume: true })).toThrow(`resume: ${none} holds no partial generation (${JOURNAL_FILE})`);
  });

  it('an offline generation cut short after its first probe resumes to the same dataset', async () => {
    mkdirSync(join(root, 'docs'));
    writeRunbooks(join(root, 'docs'));
    const source = await loadSourceDocuments({ spec: join(root, 'docs'), cwd: root });
    const workspace = openWorkspace({ cwd: root });
    const base = {
      source,
      n: 4,
      seed: 3,
      types: QUESTION_TYPES,
      baseline: workspace.baseline,
      components: workspace.components,
      warn: () => {},
    };
    await generateIntoFolder({ ...base, outDir: join(root, 'whole'), cacheDir: join(root, 'cache-whole') });
    const cut = join(root, 'cut');
    await expect(
      generateIntoFolder({
        ...base,
        outDir: cut,
        cacheDir: join(root, 'cache-cut'),
        onProgress: (p) => {
          if (p.stage === 'probing' && p.done === 1) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const journal = readFileSync(join(cut, JOURNAL_FILE), 'utf8').trim().split('\n');
    expect(journal.map((line) => JSON.parse(line).unit)).toEqual([undefined, 'probe:weak']);
    // A fresh stage cache: only the journal can spare the probe that finished.
    await generateIntoFolder({ ...base, outDir: cut, cacheDir: join(root, 'cache-resume'), resume: true });
    for (const name of ['corpus.jsonl', 'qa.jsonl', 'generation.json'])
      expect(readFileSync(join(cut, name), 'utf8')).toBe(readFileSync(join(root, 'whole', name), 'utf8'));
    expect(existsSync(join(cut, JOURNAL_FILE))).toBe(false);
  });
});
