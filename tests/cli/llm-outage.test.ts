import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { runCliAsync } from './run-cli.js';
import { LLM_ONLY_SPACE } from '../support/llm-only-space.js';

const KEY = 'sk-test-OUTAGE-SECRET';

describe('LLM outages at the command line', () => {
  let server: LoopbackServer;
  let env: Record<string, string>;
  let cwd: string;
  beforeEach(async () => {
    server = await startLoopbackServer();
    env = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: KEY };
    cwd = mkdtempSync(join(tmpdir(), 'tune-rag-outage-'));
    writeFileSync(join(cwd, 'llm-generator.json'), JSON.stringify(LLM_ONLY_SPACE));
  });
  afterEach(async () => {
    await server.stop();
  });
  const origin = () => new URL(server.baseURL).origin;

  it('run: a 401 stops at the first reply (exit 2), names the variable, never the key', async () => {
    server.setFallback('chat', () => ({ kind: 'error', status: 401, message: `Incorrect API key provided: ${KEY}` }));
    const result = await runCliAsync(
      [
        'run',
        '--dataset',
        'demo',
        '--questions',
        '6',
        '--llm',
        'openai:gpt-4o-mini',
        '--set',
        'generator=llm:gpt-4o-mini',
      ],
      { cwd, env },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `error: run stopped: openai:gpt-4o-mini: HTTP 401 from ${origin()}: the API key was rejected; check OPENAI_API_KEY\n`,
    );
    expect(result.stderr).toContain('hint: set OPENAI_API_KEY to a key that has access (the key is never printed)');
    expect(result.stderr).not.toMatch(/^\s+at\s/m);
    expect(result.stdout + result.stderr).not.toContain(KEY);
    // `run` answers one question at a time by default: the first reply stopped it.
    expect(server.requests.filter((r) => r.route === 'chat')).toHaveLength(1);
  });

  it('tune: a 403 stops the search at the first reply (exit 2); the finished baseline is kept, the cut trial marked interrupted', async () => {
    server.setFallback('chat', () => ({ kind: 'error', status: 403, message: 'no access' }));
    const args = [
      '--dataset',
      'demo',
      '--questions',
      '12',
      '--budget',
      '4',
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
    ];
    const result = await runCliAsync(args, { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `error: run stopped: openai:gpt-4o-mini: HTTP 403 from ${origin()}: the API key has no access to model "gpt-4o-mini"; check OPENAI_API_KEY\n`,
    );
    const out = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    expect(
      out.trials.map((t: { id: number; state: string; error?: string }) => [t.id, t.state, t.error ?? null]),
    ).toEqual([
      [0, 'complete', null],
      [1, 'failed', 'interrupted'],
    ]);
    // Not 12 questions x 6 attempts: the first reply stopped the search.
    expect(server.requests).toHaveLength(1);
  });

  // chat ends its session the same way: a dead endpoint must not exit 0 after minutes.
  it.each([
    ['tune', []],
    ['chat', ['chat']],
  ])(
    '%s: when every LLM call fails it exits 2 with the grouped reason, and the breaker keeps the server from being hammered',
    async (_name, command) => {
      server.setFallback('chat', () => ({ kind: 'server_error', status: 500 }));
      const result = await runCliAsync(
        [
          ...command,
          ...['--dataset', 'demo', '--questions', '12', '--budget', '3', '--proposer', 'random', '--seed', '2'],
          ...['--no-fidelity', '--llm', 'openai:gpt-4o-mini', '--space', 'llm-generator.json', '--json', 'out.json'],
        ],
        { cwd, env },
      );
      expect(result.code).toBe(2);
      // Trial 1's first question made 5 attempts (4 retries) and opened the breaker; the other 23
      // questions of trials 1 and 2 failed fast without a request.
      expect(result.stderr).toContain('error: every LLM call failed (24 of 24, 4 retries): ');
      expect(result.stderr).toContain(
        `openai:gpt-4o-mini: not called: ${origin()} failed 5 times in a row; last: HTTP 500: 500 The server had an error (circuit breaker open; one probe call every 30 s)`,
      );
      expect(result.stderr).not.toMatch(/internal error|^\s+at\s/m);
      expect(existsSync(join(cwd, 'out.json'))).toBe(true);
      const out = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
      expect(out.trials.map((t: { state: string }) => t.state)).toEqual(['complete', 'failed', 'failed']);
      expect(server.requests).toHaveLength(5);
    },
  );

  it('worker: a worker whose LLM calls all fail exits 2 with the grouped reason once the budget is used', async () => {
    const study = ['--study', 'outage', '--questions', '12', '--llm', 'openai:gpt-4o-mini'];
    // The study starts with its local baseline (no LLM call), then a worker joins with the endpoint down.
    const started = await runCliAsync(
      [...['--dataset', 'demo', '--budget', '1', '--proposer', 'random', '--seed', '2', '--no-fidelity'], ...study],
      { cwd, env: { ...env } },
    );
    expect(started.code, started.stderr).toBe(0);
    server.setFallback('chat', () => ({ kind: 'server_error', status: 500 }));
    const worker = await runCliAsync(['worker', '--study', 'outage', '--budget', '3', '--llm', 'openai:gpt-4o-mini'], {
      cwd,
      env,
    });
    expect(worker.code).toBe(2);
    expect(worker.stdout).toContain('done: evaluated 2 trial(s); the study has 3 of 3');
    expect(worker.stderr).toMatch(/^error: every LLM call failed \(\d+ of \d+, 4 retries\): /m);
    expect(worker.stderr).not.toMatch(/internal error|^\s+at\s/m);
    expect(worker.stdout + worker.stderr).not.toContain(KEY);
  });
});
