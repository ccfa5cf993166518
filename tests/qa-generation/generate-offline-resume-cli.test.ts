import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StageCache } from '../../src/pipeline/stage-cache.js';
import { JOURNAL_FILE } from '../../src/qa-generation/generation-journal.js';
import { runCliAsync } from '../cli/run-cli.js';
import { writeRunbooks } from './fixture-corpus.js';

const BIN = join(__dirname, '../../dist/src/cli/bin.js');
const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-offline-resume-'));
mkdirSync(join(cwd, 'docs'));
writeRunbooks(join(cwd, 'docs'));
const args = (out: string, cache: string) => [
  'generate',
  ...['--dataset', 'docs', '--out', out, '--questions', '4', '--seed', '3', '--cache-dir', cache],
];
const journalUnits = (path: string): string[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .slice(1, -1)
    .map((line) => JSON.parse(line).unit);
/** Every stage-cache entry a run computed, as stage/key. */
const stageEntries = (dir: string): Set<string> => {
  const cache = new StageCache({ dir: join(cwd, dir) });
  try {
    return new Set(cache.list().map((e) => `${e.stage}/${e.key}`));
  } finally {
    cache.close();
  }
};

let child: ChildProcess | null = null;
afterEach(() => {
  // Never leave the generator running, whatever failed.
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = null;
});

describe('tune-rag generate (offline), SIGKILLed and run again', () => {
  it('continues from the journal: the probes it finished are not run again, and the output is byte-identical', async () => {
    const journal = join(cwd, 'part', JOURNAL_FILE);
    // Killed as soon as the first probe's verdicts are journaled (header + one line), mid-run.
    const killedAfter = await new Promise<string[]>((resolve, reject) => {
      const victim = spawn(process.execPath, [BIN, ...args('part', 'cache-killed')], {
        cwd,
        env: { ...process.env, TUNE_RAG_DEBUG: '' },
        stdio: 'ignore',
      });
      child = victim;
      const poll = setInterval(() => {
        if (existsSync(journal) && journalUnits(journal).length >= 1) {
          victim.kill('SIGKILL');
          clearInterval(poll);
        }
      }, 2);
      victim.on('close', (_code, signal) => {
        clearInterval(poll);
        if (signal === 'SIGKILL') resolve(journalUnits(journal));
        else reject(new Error(`the generator ended (${signal ?? 'exit'}) before it was killed`));
      });
    });
    expect(killedAfter.length).toBeGreaterThanOrEqual(1);
    expect(killedAfter.length).toBeLessThan(3);
    expect(killedAfter).toEqual(['probe:weak', 'probe:baseline'].slice(0, killedAfter.length));
    expect(existsSync(join(cwd, 'part', 'qa.jsonl'))).toBe(false);

    // The same command, a fresh stage cache: only the journal can spare the finished probes. The
    // uninterrupted run to compare with runs beside it.
    const [resumed, whole] = await Promise.all([
      runCliAsync(args('part', 'cache-resumed'), { cwd, env: {} }),
      runCliAsync(args('whole', 'cache-whole'), { cwd, env: {} }),
    ]);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(existsSync(journal)).toBe(false);
    expect(whole.code).toBe(0);
    for (const name of ['corpus.jsonl', 'qa.jsonl', 'generation.json'])
      expect(readFileSync(join(cwd, 'part', name))).toEqual(readFileSync(join(cwd, 'whole', name)));

    // Nothing twice: the resumed run computed a strict subset of what the uninterrupted one did, and
    // everything it skipped the killed run had computed.
    const resumedStages = stageEntries('cache-resumed');
    const wholeStages = stageEntries('cache-whole');
    const killedStages = stageEntries('cache-killed');
    const skipped = [...wholeStages].filter((e) => !resumedStages.has(e));
    expect([...resumedStages].filter((e) => !wholeStages.has(e))).toEqual([]);
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.filter((e) => !killedStages.has(e))).toEqual([]);
  });
});
