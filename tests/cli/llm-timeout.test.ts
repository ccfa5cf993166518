import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { runCliAsync, STACK_LINE } from './run-cli.js';

/** `--llm-timeout`: how long one attempt may hang before it is abandoned and retried. */
describe('--llm-timeout SECONDS', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer();
  });
  afterAll(async () => {
    await server.stop();
  });
  const args = [
    'run',
    '--dataset',
    'demo',
    '--questions',
    '2',
    '--llm',
    'openai:gpt-4o-mini',
    '--set',
    'generator=llm:gpt-4o-mini',
  ];

  it('abandons a hung attempt after the given time and retries it; the retry answers', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-llm-timeout-'));
    // The first request hangs for good; everything after it answers at once.
    server.enqueue('chat', { kind: 'hang' });
    server.setFallback('chat', () => ({ kind: 'text', text: 'Paris' }));
    const result = await runCliAsync([...args, '--llm-timeout', '0.5', '--json', 'out.json'], {
      cwd,
      env: { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-test' },
    });
    expect(result.code).toBe(0);
    const out = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    expect([out.llm.calls, out.llm.retries, out.llm.failures, out.metrics.failed_questions]).toEqual([2, 1, 0, 0]);
    // The retry wait holds the abandoned half second (plus back-off); the latency does not.
    expect(out.metrics.retry_wait_ms).toBeGreaterThanOrEqual(250);
  });

  it('rejects a value that is not a number of seconds, naming the flag', async () => {
    for (const value of ['0', '-1', 'soon', '7200']) {
      const result = await runCliAsync([...args, '--llm-timeout', value], {
        cwd: tmpdir(),
        env: { OPENAI_BASE_URL: server.baseURL },
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `option '--llm-timeout <seconds>' argument '${value}' is invalid. expected seconds between 0 and 3600 (e.g. 20 or 2.5), got "${value}".`,
      );
      expect(result.stderr).not.toMatch(STACK_LINE);
    }
    const noLlm = await runCliAsync(['run', '--dataset', 'demo', '--llm-timeout', '5'], { cwd: tmpdir() });
    expect(noLlm.code).toBe(2);
    expect(noLlm.stderr).toContain('--llm-timeout needs --llm');
  });
});
