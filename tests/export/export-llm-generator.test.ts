import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../cli/run-cli.js';
import { LLM_ONLY_SPACE } from '../support/llm-only-space.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';

const ROOT = join(__dirname, '../..');

/** The user message of a recorded chat request. */
function userMessage(body: Record<string, unknown>): string {
  const messages = body.messages as { role: string; content: string }[];
  expect(messages.map((m) => m.role)).toEqual(['user']);
  return messages[0].content;
}

/**
 * An LLM generator exported as LangChain's ChatOpenAI with tune-rag's prompt template: run against
 * the loopback server, the module sends the model exactly the prompts tune-rag sent (same
 * template, numbered and fenced passages, same question), with the same model and temperature.
 */
describe('tune-rag export of an LLM generator', () => {
  let server: LoopbackServer;
  let env: Record<string, string>;
  mkdirSync(join(ROOT, 'tmp'), { recursive: true });
  const cwd = mkdtempSync(join(ROOT, 'tmp', 'export-llm-'));
  beforeAll(async () => {
    server = await startLoopbackServer();
    server.setFallback('chat', (request) => ({ kind: 'text', text: `Answer: ${userMessage(request.body).length}` }));
    env = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-test-export' };
    writeFileSync(join(cwd, 'llm-generator.json'), JSON.stringify(LLM_ONLY_SPACE));
  });
  afterAll(async () => {
    await server.stop();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('renders prompt and model; the module sends the prompts tune-rag sent', async () => {
    const tuned = await runCliAsync(
      [
        ...['--dataset', 'demo', '--questions', '12', '--budget', '2', '--no-fidelity', '--proposer', 'random'],
        ...['--seed', '2', '--llm', 'openai:gpt-4o-mini', '--space', 'llm-generator.json', '--study', 'llm'],
      ],
      { cwd, env },
    );
    expect(tuned.code, tuned.stderr).toBe(0);
    const tuneRequests = server.requests.filter((r) => r.route === 'chat');
    expect(tuneRequests).toHaveLength(12);
    server.resetStats();
    const exported = await runCliAsync(['export', 'llm', '--trial', '1', '--format', 'langchain', '--out', 'llm.mjs'], {
      cwd,
      env,
    });
    expect(exported.code, exported.stderr).toBe(0);
    const source = readFileSync(join(cwd, 'llm.mjs'), 'utf8');
    expect(source).toContain(
      'new ChatOpenAI({ model: "gpt-4o-mini", temperature: CONFIG.temperature ?? 0, maxTokens: 256 })',
    );
    const manifest = await runCliAsync(['export', 'llm', '--trial', '1', '--format', 'json', '--out', 'llm.json'], {
      cwd,
      env,
    });
    expect(manifest.code, manifest.stderr).toBe(0);
    const components = JSON.parse(readFileSync(join(cwd, 'llm.json'), 'utf8')).components;
    expect(components.generator).toEqual({ name: 'llm:gpt-4o-mini', version: null });
    expect(components.prompt.name).toBe('default');

    const { stdout } = await promisify(execFile)(process.execPath, ['llm.mjs', '--dataset', 'demo'], {
      cwd,
      env: { ...process.env, ...env },
      maxBuffer: 1 << 24,
    });
    const result = JSON.parse(stdout) as { questions: number; failed: number };
    expect(result).toMatchObject({ questions: 186, failed: 0 });
    const moduleRequests = server.requests.filter((r) => r.route === 'chat');
    expect(moduleRequests).toHaveLength(186);
    const modulePrompts = new Set(moduleRequests.map((r) => userMessage(r.body)));
    for (const request of tuneRequests) {
      expect(modulePrompts.has(userMessage(request.body))).toBe(true);
      expect(request.body.model).toBe('gpt-4o-mini');
    }
    const settings = (r: (typeof moduleRequests)[number]) => ({
      model: r.body.model,
      temperature: r.body.temperature,
      max_tokens: r.body.max_tokens,
    });
    expect(settings(moduleRequests[0])).toEqual(settings(tuneRequests[0]));
    expect(settings(moduleRequests[0])).toMatchObject({ max_tokens: 256 });
  }, 300_000);
});
