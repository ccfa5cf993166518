import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { runCliAsync } from '../cli/run-cli.js';
import { LLM_ONLY_SPACE } from '../support/llm-only-space.js';

const REJECTED = 'openai:gpt-4o-mini: HTTP 400: 400 Invalid request: context too long';

/** Which questions the endpoint rejects: a fixed half, by a hash of the question's text. */
function rejects(prompt: string): boolean {
  let h = 0;
  for (const ch of prompt.split('Question').slice(1).join('Question')) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % 2 === 1;
}

// Issue 13: an endpoint answering HTTP 400 on half the questions made a trial "complete" with
// quality 1.000, ranked best, exit 0. Such a trial must be failed, never ranked, and the run must fail.
describe('an LLM endpoint failing half the questions (HTTP 400)', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer();
    server.setFallback('chat', (request) => {
      const text = JSON.stringify(request.body.messages);
      if (rejects(text)) return { kind: 'error', status: 400, message: 'Invalid request: context too long' };
      const number = /\b\d{2,5}\b/.exec(text.split('Question')[0] ?? '');
      return { kind: 'text', text: number ? number[0] : "I don't know" };
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('fails those trials with the grouped reason, ranks only the baseline, and exits 2', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-half-400-'));
    writeFileSync(join(cwd, 'llm-generator.json'), JSON.stringify(LLM_ONLY_SPACE));
    const env = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-test-half' };
    const result = await runCliAsync(
      [
        '--dataset',
        'demo',
        '--questions',
        '12',
        '--budget',
        '3',
        '--proposer',
        'random',
        '--seed',
        '2',
        '--no-fidelity',
        '--llm',
        'openai:gpt-4o-mini',
        '--space',
        'llm-generator.json',
        '--json',
        'out.json',
      ],
      { cwd, env },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `error: the LLM endpoint failed 14 of 24 calls (58%, limit 20% set by --max-failure-rate); trials over the limit are failed and not ranked: ${REJECTED} (x14)`,
    );
    expect(result.stderr).toMatch(/^hint: Fix the cause above/m);
    // The outputs are written before the exit: nothing measured is lost.
    const out = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    expect(out.trials.map((t: { state: string }) => t.state)).toEqual(['complete', 'failed', 'failed']);
    for (const trial of out.trials.slice(1)) {
      expect(trial.error).toBe(`7 of 12 questions failed (58%, limit 20%): ${REJECTED} (x7)`);
      expect(trial.question_errors).toEqual([{ message: REJECTED, count: 7 }]);
    }
    expect(out.best.id).toBe(out.trials[0].id);
    expect(out.pareto.map((t: { id: number }) => t.id)).toEqual([out.trials[0].id]);
    expect(out.failures).toEqual({
      questions: 14,
      trials: 2,
      failed_trials: 2,
      by_error: [{ message: REJECTED, count: 14 }],
    });

    // The human summary says the same, grouped by error (show reads it back from the store).
    const show = await runCliAsync(['show', out.study], { cwd, env });
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`failed questions: 14 in 2 trial(s): ${REJECTED} (x14)`);
    expect(show.stdout).toContain(`#1 failed, not ranked: 7 of 12 questions failed (58%, limit 20%): ${REJECTED} (x7)`);
    expect(show.stdout).toMatch(/^Best: #0 \(baseline\)/m);
  });

  it('with a limit above the failed share the trials complete and the run exits 0', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-half-400-lax-'));
    writeFileSync(join(cwd, 'llm-generator.json'), JSON.stringify(LLM_ONLY_SPACE));
    const env = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-test-half' };
    const result = await runCliAsync(
      [
        '--dataset',
        'demo',
        '--questions',
        '12',
        '--budget',
        '3',
        '--proposer',
        'random',
        '--seed',
        '2',
        '--no-fidelity',
        '--llm',
        'openai:gpt-4o-mini',
        '--space',
        'llm-generator.json',
        '--max-failure-rate',
        '60%',
        '--json',
        'out.json',
      ],
      { cwd, env },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    expect(out.trials.map((t: { state: string }) => t.state)).toEqual(['complete', 'complete', 'complete']);
    expect(out.failures).toEqual({
      questions: 14,
      trials: 2,
      failed_trials: 0,
      by_error: [{ message: REJECTED, count: 14 }],
    });
  });
});
