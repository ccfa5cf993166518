import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { runCliAsync } from './run-cli.js';

/** A self-hosted (vLLM-style) model no built-in price knows; every reply is 1000 + 10 tokens. */
describe('--prices FILE', () => {
  let server: LoopbackServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await startLoopbackServer();
    server.setFallback('chat', () => ({
      kind: 'text',
      text: "I don't know",
      promptTokens: 1000,
      completionTokens: 10,
    }));
    env = { OPENAI_BASE_URL: server.baseURL };
  });
  afterAll(async () => {
    await server.stop();
  });
  const args = [
    'run',
    '--dataset',
    'demo',
    '--questions',
    '4',
    '--llm',
    'vllm:my-llama',
    '--set',
    'generator=llm:my-llama',
  ];

  it('prices a self-hosted model so its spend is known and can be capped; without it the cost is unknown and a cap is refused', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-prices-'));
    const unpriced = await runCliAsync([...args, '--json', 'unpriced.json'], { cwd, env });
    expect(unpriced.code).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'unpriced.json'), 'utf8')).llm.cost_usd).toBeNull();
    const table = await runCliAsync(args, { cwd, env });
    expect(table.stdout).toMatch(/llm vllm:my-llama: 0 calls, .*, cost unknown\n/);

    const refused = await runCliAsync([...args, '--max-cost', '0.01'], { cwd, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'error: --max-cost needs the price of model "my-llama", which is not in the price table',
    );
    expect(refused.stderr).toContain(
      'hint: pass --prices FILE with {"my-llama": {"inputPer1M": <usd>, "outputPer1M": <usd>}}',
    );

    // $1 / $2 per 1M tokens: each call costs (1000 * 1 + 10 * 2) / 1e6 = $0.00102.
    // A fresh workspace: answers cached by the unpriced runs carry the usage recorded then (cost null).
    const pricedCwd = mkdtempSync(join(tmpdir(), 'tune-rag-prices-'));
    writeFileSync(join(pricedCwd, 'prices.json'), '{\n  "my-llama": { "inputPer1M": 1, "outputPer1M": 2 }\n}\n');
    writeFileSync(join(cwd, 'prices.json'), readFileSync(join(pricedCwd, 'prices.json')));
    const priced = await runCliAsync(
      [...args, '--questions', '6', '--prices', 'prices.json', '--json', 'priced.json'],
      { cwd: pricedCwd, env },
    );
    expect(priced.code).toBe(0);
    const report = JSON.parse(readFileSync(join(pricedCwd, 'priced.json'), 'utf8'));
    expect(report.llm.calls).toBe(6);
    expect(report.llm.cost_usd).toBeCloseTo(6 * 0.00102, 12);
    expect(report.metrics.cost_usd_per_query).toBeCloseTo(0.00102, 12);

    // Answers cached by the unpriced runs are priced by the table in force when served again:
    // the same 4 questions in the first workspace, answered from the stage cache (0 calls, nothing
    // paid), and the configuration's cost per query is known now.
    const repriced = await runCliAsync([...args, '--prices', 'prices.json', '--json', 'repriced.json'], { cwd, env });
    expect(repriced.code).toBe(0);
    const again = JSON.parse(readFileSync(join(cwd, 'repriced.json'), 'utf8'));
    expect([again.llm.calls, again.llm.cost_usd]).toEqual([0, 0]);
    expect(again.metrics.cost_usd_per_query).toBeCloseTo(0.00102, 12);

    const capped = await runCliAsync(
      [...args, '--questions', '12', '--seed', '5', '--prices', 'prices.json', '--max-cost', '0.003'],
      { cwd: pricedCwd, env },
    );
    expect(capped.code).toBe(2);
    expect(capped.stderr).toMatch(/^error: run stopped: spend cap reached/m);
  });

  it('a bad price file fails before any call, naming the file, line and key', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-prices-bad-'));
    writeFileSync(join(cwd, 'prices.json'), '{\n  "my-llama": { "inputPer1M": "cheap", "outputPer1M": 2 }\n}\n');
    const before = server.requests.length;
    const result = await runCliAsync([...args, '--prices', 'prices.json'], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'error: prices.json:2: "my-llama".inputPer1M: Invalid input: expected number, received string',
    );
    expect(result.stderr).not.toMatch(/^\s+at\s/m);
    expect(server.requests.length).toBe(before);
    const noLlm = await runCliAsync(['run', '--dataset', 'demo', '--prices', 'prices.json'], { cwd, env });
    expect(noLlm.code).toBe(2);
    expect(noLlm.stderr).toContain('--prices needs --llm');
  });
});
