import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../support/spawn-cli.js';

/** `--judge-with NAME` on run and tune: judge metrics from a LangChain.js chat model the project file registers. */
describe('run and tune --judge-with', () => {
  let dir: string;
  beforeAll(() => {
    mkdirSync(join(__dirname, '../../.tmp'), { recursive: true });
    dir = mkdtempSync(join(__dirname, '../../.tmp/judge-'));
    // Correct for correctness, partially correct for faithfulness: the two prompts are told apart.
    writeFileSync(
      join(dir, 'tune-rag.config.mjs'),
      `import { SimpleChatModel } from '@langchain/core/language_models/chat_models';
class Judge extends SimpleChatModel {
  _llmType() {
    return 'test-judge';
  }
  async _call(messages) {
    const text = messages.map((m) => m.content).join(' ');
    return JSON.stringify({ reason: 'x', verdict: text.includes('against the reference answers') ? 'correct' : 'partially_correct' });
  }
}
export default { components: { judges: [{ name: 'fake-judge', model: new Judge({}) }] } };
`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scores with the registered judge and reports its calls', async () => {
    const json = join(dir, 'run.json');
    const args = ['run', '--dataset', 'demo', '--questions', '3', '--judge-with', 'fake-judge', '--json', json];
    const cli = spawnCli([...args, '--cache-dir', join(dir, 'cache')], { cwd: dir });
    expect(await cli.exited, cli.stderr()).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.metrics.judge_correctness).toBe(1);
    expect(report.metrics.judge_faithfulness).toBe(0.5);
    expect(report.metrics.judge_failures).toBe(0);
    // Two judge calls per question (correctness, faithfulness).
    expect(report.langchain).toMatchObject({ calls: 6, failures: 0, cost_usd: null });
  }, 120_000);

  it('tune --judge-with scores every trial and tunes on the judge objective', async () => {
    const json = join(dir, 'tune.json');
    const args = ['--dataset', 'demo', '--questions', '4', '--budget', '2', '--no-fidelity', '--proposer', 'random'];
    const cli = spawnCli(
      [
        ...args,
        '--objectives',
        'judge,retrieval',
        '--judge-with',
        'fake-judge',
        '--json',
        json,
        '--cache-dir',
        join(dir, 'cache'),
      ],
      { cwd: dir },
    );
    expect(await cli.exited, cli.stderr()).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    const trials = report.trials as { state: string; objectives: { judge: number } }[];
    expect(trials.map((t) => [t.state, t.objectives.judge])).toEqual([
      ['complete', 1],
      ['complete', 1],
    ]);
  }, 120_000);

  it('an unknown judge name is a config error naming the known ones', async () => {
    const cli = spawnCli(['run', '--dataset', 'demo', '--questions', '1', '--judge-with', 'nope'], { cwd: dir });
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toContain('unknown judge "nope".');
    expect(cli.stderr()).toContain('Available: fake-judge');
  }, 60_000);
});
