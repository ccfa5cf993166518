// `tune --workers N` starts its other worker processes before it has loaded its own modules
// (standby-workers.ts): which command lines start them, that an untaken one never outlives tune,
// and that a standby whose tune went away exits without working.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STANDBY_ENV, standbyWorkersWanted } from '../../src/cli/standby-workers.js';
import { runCli } from './run-cli.js';

const BIN = join(__dirname, '../../dist/src/cli/bin.js');

/** Pids of the processes whose environment holds `marker` (Linux /proc; unreadable ones skipped). */
function processesMarked(marker: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until(test: () => boolean, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; !test(); await new Promise((r) => setTimeout(r, 50)))
    if (Date.now() > deadline) return false;
  return true;
}

describe('standbyWorkersWanted', () => {
  const cores = availableParallelism();
  it('is N - 1 for tune, named or as the default command, in either flag spelling', () => {
    expect(standbyWorkersWanted(['tune', '--dataset', 'demo', '--workers', '2'])).toBe(1);
    expect(standbyWorkersWanted(['--dataset', 'demo', '--workers=2'])).toBe(1);
    expect(standbyWorkersWanted(['--workers', '1', '--dataset', 'demo'])).toBe(0);
    // The last occurrence wins, as commander reads a repeated option.
    expect(standbyWorkersWanted(['--workers', '5', '--workers', '2'])).toBe(1);
  });
  it('starts none for other commands, help, version, no flag or a value tune will refuse', () => {
    for (const argv of [
      [],
      ['worker', '--study', 's', '--workers', '2'],
      ['chat', '--workers', '2'],
      ['tune', '--workers', '2', '--help'],
      ['--workers', '2', '-V'],
      ['tune', '--dataset', 'demo'],
      ['tune', '--workers', 'two'],
      ['tune', '--workers', '-3'],
      ['tune', '--workers'],
    ])
      expect(standbyWorkersWanted(argv), argv.join(' ')).toBe(0);
  });
  it('starts no more than the cores (tune starts the rest itself)', () => {
    expect(standbyWorkersWanted(['tune', '--workers', '64'])).toBe(Math.min(63, cores));
  });
});

describe('standby worker processes', () => {
  it('none outlives a tune --workers 2 that fails on a bad flag before it needs them', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-standby-'));
    const marker = `TUNE_RAG_TEST_MARK=${process.pid}-${Date.now()}`;
    const result = runCli(['--dataset', 'no-such-dataset', '--workers', '2', '--budget', '4'], {
      cwd,
      env: { TUNE_RAG_TEST_MARK: marker.split('=')[1] },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no-such-dataset');
    expect(await until(() => processesMarked(marker).length === 0, 10_000), 'a standby still runs').toBe(true);
  }, 60_000);

  it('exits 0 without working when its tune goes away before handing it a study', async () => {
    const child = spawn(process.execPath, [BIN], {
      env: { ...process.env, [STANDBY_ENV]: '1' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.disconnect();
    expect(await exited).toBe(0);
    expect(output).toBe('');
  }, 30_000);

  it('runs the joined worker command line in the joined directory on the storage the message names', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-standby-join-'));
    const child = spawn(process.execPath, [BIN], {
      env: { ...process.env, [STANDBY_ENV]: '1', TUNE_RAG_DEBUG: '' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Relative: the joined directory resolves it.
    const storage = 'studies.db';
    child.send({ kind: 'join', argv: ['worker', '--study', 'absent'], storage, cwd });
    // No study database there: the worker's own error, naming the file in the joined directory.
    expect(await exited).toBe(2);
    expect(stderr).toContain(`error: --storage: no study database at ${join(cwd, 'studies.db')}`);
  }, 30_000);
});
