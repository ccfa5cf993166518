import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { runCliAsync } from './run-cli.js';
import { LLM_ONLY_SPACE } from '../support/llm-only-space.js';

const KEY = 'sk-test-SECRET';
const BIN = join(__dirname, '../../dist/src/cli/bin.js');
/** Every reply reports 1000 prompt + 10 completion tokens: $0.000156 a call at gpt-4o-mini prices. */
const CALL_USD = (1000 * 0.15 + 10 * 0.6) / 1e6;
const CAP = 0.003;

interface TrialRow {
  number: number;
  state: string;
  error: string | null;
  rationale: string;
  config_hash: string;
}

describe("--max-cost is the study's total", () => {
  let server: LoopbackServer;
  let victim: ChildProcess | null = null;
  beforeAll(async () => {
    server = await startLoopbackServer();
    server.setFallback('chat', (_request, index) => {
      // The 8th call never gets its answer: the process is killed while waiting for it.
      if (index === 7 && victim) {
        victim.kill('SIGKILL');
        return { kind: 'hang' };
      }
      return { kind: 'text', text: "I don't know", promptTokens: 1000, completionTokens: 10 };
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('a resume continues from what the killed process spent, and the trials cut short are re-run', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-spend-'));
    writeFileSync(join(cwd, 'space.json'), JSON.stringify(LLM_ONLY_SPACE));
    const env = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: KEY };
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
      '--concurrency',
      '1',
      '--llm',
      'openai:gpt-4o-mini',
      '--space',
      'space.json',
      '--study',
      'capped',
    ];
    const chatCalls = () => server.requests.filter((r) => r.route === 'chat').length;

    // 1. Killed (SIGKILL) while its 8th call is in flight: 7 calls were paid and recorded.
    const killed = await new Promise<number | null>((resolve) => {
      victim = spawn(process.execPath, [BIN, ...args, '--max-cost', String(CAP)], {
        cwd,
        env: { ...process.env, TUNE_RAG_DEBUG: '', ...env },
        stdio: 'ignore',
      });
      victim.on('close', (_code, signal) => resolve(signal === 'SIGKILL' ? 9 : null));
    });
    victim = null;
    expect(killed).toBe(9);
    expect(chatCalls()).toBe(8);
    const db = () => new Database(join(cwd, '.tune-rag', 'tune-rag.db'), { readonly: true });
    const spent = () => {
      const handle = db();
      const row = handle.prepare('SELECT spent_usd, cap_usd FROM study_spend').get() as {
        spent_usd: number;
        cap_usd: number;
      };
      handle.close();
      return row;
    };
    expect(spent().spent_usd).toBeCloseTo(7 * CALL_USD, 12);
    expect(spent().cap_usd).toBe(CAP);

    // 2. Resumed without --max-cost: the stored cap holds, counted from the $0.001092 already spent.
    const resumed = await runCliAsync([...args, '--resume'], { cwd, env });
    expect(resumed.code).toBe(2);
    expect(resumed.stdout).toContain('re-queued 1 trial(s) interrupted last time');
    expect(resumed.stdout).toContain(
      'spend cap $0.003 for the whole study (stored with the study): $0.001092 spent by earlier runs, $0.001908 left',
    );
    expect(resumed.stderr).toMatch(/^error: run stopped: spend cap reached/m);
    expect(chatCalls()).toBeGreaterThan(8); // it went on spending what was left
    // What the server was asked for (the lost 8th call included) stays within one call of the cap.
    expect(chatCalls() * CALL_USD).toBeLessThanOrEqual(CAP + CALL_USD + 1e-12);
    expect(spent().spent_usd).toBeCloseTo((chatCalls() - 1) * CALL_USD, 12);
    expect(spent().spent_usd).toBeLessThanOrEqual(CAP);

    // 3. A higher cap: every trial cut short (by the kill or by the cap) is re-run and completes.
    const raised = await runCliAsync([...args, '--resume', '--max-cost', '0.05', '--json', 'out.json'], { cwd, env });
    expect(raised.stderr).toBe('');
    expect(raised.code).toBe(0);
    const handle = db();
    const trials = handle
      .prepare('SELECT number, state, error, rationale, config_hash FROM trials ORDER BY number')
      .all() as TrialRow[];
    handle.close();
    const cut = trials.filter((t) => t.state === 'failed' && t.error === 'interrupted');
    expect(cut.length).toBe(2); // the one running at the kill, the one the cap stopped
    for (const trial of cut) {
      const rerun = trials.find((t) => t.rationale.endsWith(`(re-run of interrupted #${trial.number})`));
      expect(rerun?.config_hash).toBe(trial.config_hash);
      expect(rerun?.state).toBe('complete');
    }
    expect(trials.filter((t) => t.state === 'complete')).toHaveLength(4);
    expect(spent().cap_usd).toBe(0.05);
    expect(spent().spent_usd).toBeCloseTo((chatCalls() - 1) * CALL_USD, 12);
  });
});
