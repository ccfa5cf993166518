import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

type Out = { study: string; trials: { state: string }[] };

describe('a budget set in chat and an explicit --budget on resume', () => {
  it('the typed --budget wins, and the run says it replaces the stored one', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'steered-budget-'));
    writeFileSync(join(cwd, 'steer.txt'), '@1 /budget 40\n@3 /stop\n');
    const common = ['--dataset', 'demo', '--questions', '30', '--no-fidelity', '--seed', '4'];
    const chat = runCli(['chat', ...common, '--budget', '2', '--steer-file', 'steer.txt', '--json', 'chat.json'], {
      cwd,
    });
    expect(chat.code).toBe(0);
    const { study, trials } = JSON.parse(readFileSync(join(cwd, 'chat.json'), 'utf8')) as Out;
    expect(trials).toHaveLength(3);

    const resumed = runCli([...common, '--resume', '--study', study, '--budget', '5', '--json', 'resumed.json'], {
      cwd,
    });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain('note: --budget 5 replaces the budget of 40 trials set in chat after 1 trials\n');
    expect((JSON.parse(readFileSync(join(cwd, 'resumed.json'), 'utf8')) as Out).trials).toHaveLength(5);
  }, 120_000);
});
