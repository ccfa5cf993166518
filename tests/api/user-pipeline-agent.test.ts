import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLlm, createComponents, tune, type Dataset } from '../../src/index.js';
import { oraclePipeline, singleSpanDemo } from '../support/oracle-pipeline.js';
import { schemaFollowingReplies, startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';

let server: LoopbackServer;
let dataset: Dataset;
const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-user-agent-'));
beforeAll(async () => {
  server = await startLoopbackServer();
  dataset = await singleSpanDemo();
});
afterAll(async () => {
  await server.stop();
  rmSync(cwd, { recursive: true, force: true });
});

describe('the LLM agent proposer on a user pipeline', () => {
  it("is shown the pipeline's parameters only, and its proposals run the pipeline", async () => {
    server.setFallback('chat', schemaFollowingReplies({ seed: 5 }));
    const llm = configureLlm({
      registry: createComponents(),
      spec: 'openai:gpt-4o-mini',
      env: { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'test-key' },
    });
    const { declaration, counter } = oraclePipeline(dataset);
    const result = await tune({
      dataset,
      cwd,
      pipeline: declaration,
      llm,
      proposer: 'llm',
      budget: 3,
      fidelity: false,
      questions: 10,
      study: 'agent',
    });
    const prompts = server.requests
      .filter((r) => r.route === 'chat')
      .map((r) => (r.body.messages as { content: string }[]).map((m) => m.content).join('\n'));
    expect(prompts.length).toBeGreaterThan(0);
    expect(prompts[0]).toContain(
      '  "properties": {\n    "answer": {"enum":["exact","wrong"],"group":"pipeline"},\n    "k": {"type":"integer","minimum":1,"maximum":3,"group":"pipeline"}\n  }',
    );
    expect(prompts[0]).not.toContain('chunk.size');
    for (const trial of result.study.trials) expect(Object.keys(trial.config).sort()).toEqual(['answer', 'k']);
    expect(result.study.trials).toHaveLength(3);
    expect(counter.calls).toBe(3 * 10);
  });
});
