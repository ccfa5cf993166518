import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { waitForScreen } from '../support/wait-for-screen.js';

const BIN = join(__dirname, '../../dist/src/cli/bin.js');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const SESSION = `tune-rag-llm-progress-${process.pid}`;
const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', SESSION, ...args], { encoding: 'utf8' });
const screen = (): string => tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', SESSION);

const waitFor = (test: (text: string) => boolean, what: string, timeoutMs?: number): Promise<string> =>
  waitForScreen({ read: screen, test, what, timeoutMs, intervalMs: 100 });

// `run --json` in a real terminal: the JSON goes to the file, the live status (with the retries) to stderr.
describe.skipIf(!hasTmux)('live LLM status on a terminal', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer();
    // Every question's first two attempts are rate limited for 1 s: the run spends seconds retrying.
    const attempts = new Map<string, number>();
    server.setFallback('chat', (request) => {
      const text = JSON.stringify(request.body.messages);
      const n = attempts.get(text) ?? 0;
      attempts.set(text, n + 1);
      return n < 2 ? { kind: 'rate_limited', retryAfter: '1' } : { kind: 'text', text: 'ok' };
    });
  });
  afterAll(async () => {
    spawnSync('tmux', ['-L', SESSION, 'kill-server']);
    await server.stop();
  });

  it('shows retries and failing calls while they happen, in --json mode too', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-llm-tty-'));
    const env = `OPENAI_BASE_URL=${server.baseURL} OPENAI_API_KEY=sk-test-TTY TUNE_RAG_DEBUG=`;
    const command = `cd ${cwd} && ${env} ${process.execPath} ${BIN} run --dataset demo --questions 3 --llm openai:gpt-4o-mini --set generator=llm:gpt-4o-mini --json out.json; echo "EXIT=$?"; sleep 60`;
    tmux('new-session', '-d', '-s', SESSION, '-x', '200', '-y', '20', command);
    const live = await waitFor(
      (t) => /questions \|.*\| [0-2]\/3 .*llm: \d+ retr(y|ies), 1 failing/.test(t),
      'the live retry status',
    );
    expect(live).not.toContain('EXIT=');
    const end = await waitFor((t) => t.includes('EXIT='), 'the run to end');
    expect(end).toContain('EXIT=0');
    const report = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    expect(report.llm).toMatchObject({ calls: 3, retries: 6, failures: 0 });
  });
});
