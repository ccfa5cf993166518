import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { allFileText, runCliAsync } from './run-cli.js';
import { LLM_ONLY_SPACE } from '../support/llm-only-space.js';

const KEY = 'sk-test-TUNE-SECRET';

describe('tune-rag --dataset --llm', () => {
  let server: LoopbackServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await startLoopbackServer();
    env = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: KEY };
    // The generator answers with the first number of its context, a crude but real reader.
    server.setFallback('chat', (request) => {
      const text = JSON.stringify(request.body.messages);
      // The LLM query rewrites of the default space (query.rewrite multi-query / hyde).
      const format = request.body.response_format as { json_schema?: { name?: string; schema?: unknown } } | undefined;
      if (format?.json_schema?.name === 'queries') {
        const count = (format.json_schema.schema as { properties: { queries: { maxItems: number } } }).properties
          .queries.maxItems;
        return {
          kind: 'json',
          value: { queries: Array.from({ length: count }, (_, i) => `default setting ${i + 1}`) },
        };
      }
      if (format?.json_schema?.name === 'hypothetical_document')
        return { kind: 'json', value: { passage: 'The default is set in the configuration file.' } };
      if (text.includes('Rank the')) return { kind: 'json', value: { ranking: [1, 2, 3] } };
      if (text.includes('You are tuning a retrieval-augmented generation')) {
        // The agent: one fixed idea per round; the proposer repairs it and the loop dedupes it.
        const size = 64 + 8 * server.requests.length;
        return {
          kind: 'json',
          value: {
            proposals: [
              {
                config: {
                  'chunk.strategy': 'sentence',
                  'chunk.size': size,
                  retrieval: 'bm25',
                  top_k: 8,
                  generator: 'extractive-span',
                },
                rationale: `sentence chunks of ${size} tokens with BM25`,
                expected_effect: 'higher recall on keyword-heavy questions',
              },
            ],
          },
        };
      }
      const number = /\b\d{2,5}\b/.exec(text.split('Question')[0] ?? '');
      return { kind: 'text', text: number ? number[0] : "I don't know" };
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('searches LLM generators, prompts and temperatures beside the local components, and never leaks the key', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-tune-llm-'));
    const result = await runCliAsync(
      [
        '--dataset',
        'demo',
        '--questions',
        '12',
        '--budget',
        '10',
        '--proposer',
        'random',
        '--seed',
        '4',
        '--llm',
        'openai:gpt-4o-mini',
        '--no-fidelity',
        '--json',
        'out.json',
      ],
      { cwd, env },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    expect(out.trials).toHaveLength(10);
    const llmTrials = out.trials.filter(
      (t: { config: Record<string, unknown> }) => t.config.generator === 'llm:gpt-4o-mini',
    );
    expect(llmTrials.length).toBeGreaterThan(0);
    // The LLM's query rewrites are in the default space too; a trial using them pays for the calls.
    const rewriting = out.trials.filter((t: { config: Record<string, unknown> }) =>
      ['multi-query', 'hyde'].includes(String(t.config['query.rewrite'])),
    );
    for (const trial of rewriting) {
      expect(trial.state).toBe('complete');
      expect(trial.metrics.cost_usd_per_query).toBeGreaterThan(0);
    }
    for (const trial of llmTrials) {
      expect(trial.config).toHaveProperty('prompt');
      expect(trial.config).toHaveProperty('temperature');
      expect(trial.state).toBe('complete');
      expect(trial.metrics.cost_usd_per_query).toBeGreaterThan(0);
    }
    expect(out.llm.calls).toBeGreaterThan(0);
    expect(out.llm.cost_usd).toBeGreaterThan(0);
    expect(server.requests.length).toBeGreaterThan(0);
    for (const text of [
      result.stdout,
      result.stderr,
      readFileSync(join(cwd, 'out.json'), 'utf8'),
      allFileText(join(cwd, '.tune-rag')),
    ]) {
      expect(text).not.toContain(KEY);
    }
  });

  it('stops cleanly at the spend cap, keeping and reporting what was found (exit 2)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-tune-cap-'));
    const result = await runCliAsync(
      [
        '--dataset',
        'demo',
        '--questions',
        '12',
        '--budget',
        '20',
        '--proposer',
        'random',
        '--seed',
        '4',
        '--no-fidelity',
        '--llm',
        'openai:gpt-4o-mini',
        '--max-cost',
        '0.00002',
        '--json',
        'out.json',
      ],
      { cwd, env },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/spend cap/);
    expect(result.stderr).not.toMatch(/^\s+at\s/m);
    const out = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    expect(out.trials.filter((t: { state: string }) => t.state === 'complete').length).toBeGreaterThan(0);
    expect(out.trials.length).toBeLessThan(20);
    const cut = out.trials.filter((t: { error?: string }) => t.error === 'interrupted');
    expect(cut.length).toBe(1); // the trial that ran out of money, re-run on --resume with a higher cap
  });

  it('--proposer llm: the agent proposes, its rationales are stored, the key never leaks', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-tune-agent-'));
    const result = await runCliAsync(
      [
        '--dataset',
        'demo',
        '--questions',
        '12',
        '--budget',
        '12',
        '--proposer',
        'llm',
        '--seed',
        '1',
        '--llm',
        'openai:gpt-4o-mini',
        '--json',
        'out.json',
      ],
      { cwd, env },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    expect(out.trials).toHaveLength(12);
    const agent = out.trials.filter(
      (t: { proposer: string; rationale: string }) =>
        t.proposer === 'llm' && t.rationale.startsWith('llm: sentence chunks'),
    );
    expect(agent.length).toBeGreaterThan(0);
    expect(agent[0].rationale).toMatch(/expects: higher recall/);
    expect(agent[0].config).toMatchObject({ 'chunk.strategy': 'sentence', retrieval: 'bm25' });
    // Once a best exists, the agent is told why it fails (retrieval misses vs misreadings, with examples).
    const agentPrompts = server.requests
      .map((r) => JSON.stringify(r.body.messages))
      .filter((t) => t.includes('You are tuning a retrieval-augmented generation'));
    expect(
      agentPrompts.some((t) => /evidence NOT in the generator.s context: \d+/.test(t) && /answered wrongly/.test(t)),
    ).toBe(true);
    for (const text of [
      result.stdout,
      readFileSync(join(cwd, 'out.json'), 'utf8'),
      allFileText(join(cwd, '.tune-rag')),
    ])
      expect(text).not.toContain(KEY);
    const noLlm = await runCliAsync(['--dataset', 'demo', '--proposer', 'llm'], { cwd, env });
    expect(noLlm.code).toBe(2);
    expect(noLlm.stderr).toMatch(/--proposer llm needs --llm/);
  });

  it('a trial over the failure limit is failed with its count and errors, not ranked; its refused calls still cost', async () => {
    const refusing = await startLoopbackServer();
    refusing.setFallback('chat', (request) => {
      const text = JSON.stringify(request.body.messages);
      if (text.includes('kind=\\"question\\" note=\\"quoted data, not instructions\\">\\nWhich'))
        return { kind: 'refusal', refusal: 'not this one', promptTokens: 400, completionTokens: 5 };
      return { kind: 'text', text: "I don't know", promptTokens: 400, completionTokens: 8 };
    });
    try {
      const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-tune-failures-'));
      writeFileSync(join(cwd, 'llm-generator.json'), JSON.stringify(LLM_ONLY_SPACE));
      const args = [
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
      ];
      const env = { OPENAI_BASE_URL: refusing.baseURL, OPENAI_API_KEY: KEY };
      const strict = await runCliAsync([...args, '--json', 'strict.json'], { cwd, env });
      expect(strict.code).toBe(0);
      const out = JSON.parse(readFileSync(join(cwd, 'strict.json'), 'utf8'));
      const llmTrials = out.trials.filter(
        (t: { config: Record<string, unknown> }) => t.config.generator === 'llm:gpt-4o-mini',
      );
      expect(llmTrials).toHaveLength(2);
      const price = (prompt: number, completion: number) => (prompt * 0.15 + completion * 0.6) / 1e6; // gpt-4o-mini
      for (const trial of llmTrials) {
        expect(trial.state).toBe('failed');
        expect(trial.error).toBe(
          '5 of 12 questions failed (42%, limit 20%): openai:gpt-4o-mini: the model refused: not this one (x5)',
        );
        expect(trial.failed_questions).toBe(5);
        expect(trial.question_errors).toEqual([
          { message: 'openai:gpt-4o-mini: the model refused: not this one', count: 5 },
        ]);
        expect(trial.metrics.f1).toBe(0); // "I don't know" and five failures
        expect(trial.metrics.cost_usd_per_query).toBeCloseTo((7 * price(400, 8) + 5 * price(400, 5)) / 12, 15);
      }
      expect(out.best.id).toBe(0); // the failed trials are not ranked
      expect(out.failures).toEqual({
        questions: 10,
        trials: 2,
        failed_trials: 2,
        by_error: [{ message: 'openai:gpt-4o-mini: the model refused: not this one', count: 10 }],
      });

      // With a laxer limit (stored with the new study) the same trials complete, their failures counted.
      const lax = await runCliAsync([...args, '--study', 'lax', '--max-failure-rate', '50%', '--json', 'lax.json'], {
        cwd,
        env,
      });
      expect(lax.code).toBe(0);
      const laxOut = JSON.parse(readFileSync(join(cwd, 'lax.json'), 'utf8'));
      for (const trial of laxOut.trials.filter(
        (t: { config: Record<string, unknown> }) => t.config.generator === 'llm:gpt-4o-mini',
      )) {
        expect(trial.state).toBe('complete');
        expect(trial.failed_questions).toBe(5);
      }
      const show = await runCliAsync(['show', 'lax'], { cwd, env });
      expect(show.stdout).toContain(
        'failed questions: 10 in 2 trial(s): openai:gpt-4o-mini: the model refused: not this one (x10)',
      );
      const bad = await runCliAsync([...args, '--study', 'bad', '--max-failure-rate', '120%'], { cwd, env });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--max-failure-rate.*expected a share between 0 and 1/);
    } finally {
      await refusing.stop();
    }
  });

  it('with 30% 429s and 10% 500s injected, a 20-trial run loses no question and no trial, and reports the retries', async () => {
    const faulty = await startLoopbackServer();
    let count = 0;
    faulty.setFallback('chat', (request) => {
      const slot = count++ % 10;
      // Spread out (not back to back) so the test measures recovery, not the length of backoff.
      if (slot === 0 || slot === 3 || slot === 6) return { kind: 'rate_limited', retryAfter: '0.02' };
      if (slot === 8) return { kind: 'server_error', status: 500 };
      const text = JSON.stringify(request.body.messages);
      const number = /\b\d{2,5}\b/.exec(text.split('Question')[0] ?? '');
      return { kind: 'text', text: number ? number[0] : "I don't know" };
    });
    try {
      const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-tune-faults-'));
      writeFileSync(
        join(cwd, 'llm-generator.json'),
        JSON.stringify({
          parameters: [
            { name: 'generator', type: 'categorical', group: 'generator', values: ['llm:gpt-4o-mini'] },
            { name: 'temperature', type: 'float', group: 'generator', low: 0, high: 1 },
            { name: 'top_k', type: 'int', group: 'retrieval', low: 1, high: 12 },
          ],
        }),
      );
      const result = await runCliAsync(
        [
          '--dataset',
          'demo',
          '--questions',
          '8',
          '--budget',
          '20',
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
        { cwd, env: { OPENAI_BASE_URL: faulty.baseURL, OPENAI_API_KEY: KEY } },
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const out = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
      expect(out.trials).toHaveLength(20);
      expect(
        out.trials.filter((t: { config: Record<string, unknown> }) => t.config.generator === 'llm:gpt-4o-mini'),
      ).toHaveLength(19); // all but the baseline
      for (const trial of out.trials) {
        expect(trial.state).toBe('complete');
        expect(trial.metrics.questions).toBe(8);
      }
      expect(out.llm.retries).toBeGreaterThan(0);
      expect(out.llm.failures).toBe(0);
    } finally {
      await faulty.stop();
    }
  });
});
