import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, STACK_LINE } from './run-cli.js';

interface TrialRow {
  number: number;
  state: string;
  config_hash: string;
  objectives: string | null;
  metrics: string | null;
}
function trialsIn(db: string): TrialRow[] {
  const handle = new Database(db, { readonly: true });
  try {
    return handle
      .prepare('SELECT number, state, config_hash, objectives, metrics FROM trials ORDER BY number')
      .all() as TrialRow[];
  } finally {
    handle.close();
  }
}

const jsonl = (...records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('running the same tune command twice', () => {
  const args = ['--dataset', 'demo', '--budget', '3', '--proposer', 'random', '--seed', '4', '--questions', '30'];

  it('the second run reopens the study, reports it, reruns nothing; a larger --budget continues it', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-twice-'));
    const first = runCli([...args, '--json', 'first.json'], { cwd });
    expect(first.code).toBe(0);
    const out1 = JSON.parse(readFileSync(join(cwd, 'first.json'), 'utf8'));
    // Default name: dataset, 6 characters of the fingerprint (datasets inspect prints it), 8 of the search identity.
    expect(out1.study).toMatch(/^demo-e1bbc1-[0-9a-f]{8}$/);
    expect(first.stdout.trim()).toBe(
      `study ${out1.study} (new): ${out1.counts.complete} complete, ${out1.counts.pruned} pruned, 0 failed; best #${out1.best.id} quality ${out1.best.objectives.quality.toFixed(3)}; wrote first.json, .tune-rag/studies/${out1.study}/best.json, .tune-rag/studies/${out1.study}/pareto.json`,
    );
    const db = join(cwd, '.tune-rag/tune-rag.db');
    const before = trialsIn(db);
    expect(before).toHaveLength(3);

    const second = runCli(args, { cwd });
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('');
    expect(second.stdout).toContain(`resuming study ${out1.study} on demo`);
    expect(second.stdout).toContain(
      'this command ran before on the same dataset and settings: 3/3 trials done, nothing to run (a larger --budget continues it; --study NAME starts a separate study)',
    );
    expect(second.stdout).not.toMatch(/^#\d+\s+(complete|pruned|failed)/m); // no trial ran
    expect(trialsIn(db)).toEqual(before);
    const best = JSON.parse(readFileSync(join(cwd, `.tune-rag/studies/${out1.study}/best.json`), 'utf8'));
    expect(best.trial).toBe(out1.best.id);

    const third = runCli([...args.slice(0, 2), '--budget', '5', ...args.slice(4), '--json', 'third.json'], { cwd });
    expect(third.code).toBe(0);
    expect(third.stdout).toMatch(new RegExp(`^study ${out1.study} \\(reused: the same command ran before\\): `));
    const after = trialsIn(db);
    expect(after.slice(0, 3)).toEqual(before);
    expect(after.filter((t) => ['complete', 'pruned', 'failed'].includes(t.state))).toHaveLength(5);

    // A different seed is a different search: a new study, not a resume.
    const other = runCli([...args.slice(0, 6), '--seed', '5', ...args.slice(8), '--json', 'other.json'], { cwd });
    expect(other.code).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'other.json'), 'utf8')).study).not.toBe(out1.study);
  });

  it('two datasets in folders of the same name get different studies', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-samename-'));
    const names: string[] = [];
    for (const [where, fact] of [
      ['a', 'Mercury is the smallest planet.'],
      ['b', 'Jupiter is the largest planet.'],
    ]) {
      const dir = join(cwd, where, 'planets');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'corpus.jsonl'), jsonl({ id: 'd1', text: fact }, { id: 'd2', text: 'Venus is hot.' }));
      writeFileSync(
        join(dir, 'qa.jsonl'),
        jsonl({ id: 'q1', question: 'Which planet?', answers: [fact.split(' ')[0]], gold_doc_ids: ['d1'] }),
      );
      const result = runCli(
        ['--dataset', `${where}/planets`, '--budget', '1', '--no-fidelity', '--json', `${where}.json`],
        { cwd },
      );
      expect(result.code).toBe(0);
      names.push(JSON.parse(readFileSync(join(cwd, `${where}.json`), 'utf8')).study);
    }
    expect(names[0]).toMatch(/^planets-[0-9a-f]{6}-[0-9a-f]{8}$/);
    expect(names[1]).toMatch(/^planets-[0-9a-f]{6}-[0-9a-f]{8}$/);
    expect(names[0]).not.toBe(names[1]);
    expect(runCli(['runs'], { cwd }).stdout).toMatch(
      new RegExp(`${names[0]}[\\s\\S]*${names[1]}|${names[1]}[\\s\\S]*${names[0]}`),
    );
  });

  it('an explicit --study that exists still needs --resume (a reused name may be another search)', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-explicit-'));
    const named = [...args, '--study', 'nightly'];
    expect(runCli(named, { cwd }).code).toBe(0);
    const again = runCli(named, { cwd });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      'error: study "nightly" already exists (3 trials)\nhint: Pass --resume to continue it, or --study NEW_NAME to start another (without --study, the same command resumes its own study).\n',
    );
    expect(again.stderr).not.toMatch(STACK_LINE);
    const resumed = runCli([...named, '--resume'], { cwd });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('3/3 trials done, nothing to run\n');
  });
});
