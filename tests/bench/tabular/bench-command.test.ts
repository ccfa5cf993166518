import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/cli-io.js';
import { registerBenchCommand } from '../../../bench/tabular/tabular-command.js';
import { syntheticGrid, writeCsv } from './tabular-fixtures.js';

async function bench(args: string[], cwd: string): Promise<{ out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { cwd, out: (line) => out.push(line), err: (line) => err.push(line), stderrStream: process.stderr };
  const program = new Command('tune-rag')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerBenchCommand(program, io);
  await program.parseAsync(['bench', 'tabular', ...args], { from: 'user' });
  return { out: out.join('\n'), err: err.join('\n') };
}

describe('tune-rag bench tabular', () => {
  const path = writeCsv('cli-grid.csv', syntheticGrid());
  const cwd = dirname(path);
  const base = ['--table', 'cli-grid.csv', '--task-column', 'Task', '--task', 'dev', '--objective', 'score'];

  it('prints one row per budget and proposer, with the test task, and writes every seed to --json', async () => {
    const { out } = await bench(
      [
        ...base,
        '--test-task',
        'test',
        '--budgets',
        '8,4',
        '--seeds',
        '3',
        '--proposers',
        'random,auto',
        '--json',
        'out.json',
      ],
      cwd,
    );
    expect(out).toMatch(/dev: 18 configurations/);
    expect(out).toMatch(/parameters: Model Name \(3 values\), Chunk Size \(3 values\), Mode \(2 values\)/);
    expect(out).toMatch(/budget.*proposer.*found dev.*share ≥0\.98.*pick dev.*pick test.*found test/);
    expect(out.match(/│ (4|8)\s+│ (random|auto)/g)).toHaveLength(4);
    const report = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    expect(report.budgets).toEqual([4, 8]);
    expect(report.results.map((r: { proposer: string; budget: number }) => `${r.proposer}@${r.budget}`)).toEqual([
      'random@4',
      'random@8',
      'auto@4',
      'auto@8',
    ]);
    const seed = report.results[3].seeds[0];
    expect(Object.keys(seed.config)).toEqual(['Model Name', 'Chunk Size', 'Mode']);
    expect(seed).toMatchObject({ seed: 0, evaluations: 8 });
    expect(typeof seed.test_normalised).toBe('number');
    expect(Object.keys(seed.found)).toEqual(['config', 'dev_value', 'dev_normalised', 'test_normalised']);
  });

  it('rejects bad budgets and unknown proposers with the valid choices', async () => {
    await expect(bench([...base, '--budgets', '5,0'], cwd)).rejects.toThrow(CommanderError);
    await expect(bench([...base, '--proposers', 'tpe,llm'], cwd)).rejects.toThrow(
      /unknown proposer\(s\) "llm"; choose from random, grid, tpe, greedy, auto/,
    );
  });
});
