import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withoutNeutralParameters } from '../../src/space/neutral-values.js';
import { mulberry32 } from '../../src/stats/seeded-random.js';
import { SpendCapReachedError } from '../../src/llm/llm-error.js';
import { createAutoProposer } from '../../src/optimize/proposers/auto/auto-proposer.js';
import { agentReplyJsonSchema } from '../../src/optimize/proposers/agent/agent-reply-schema.js';
import { createLlmAgentProposer } from '../../src/optimize/proposers/agent/llm-agent-proposer.js';
import type { Proposal, ProposeRequest } from '../../src/optimize/proposers/proposer.js';
import { sampleConfig } from '../../src/optimize/proposers/sampling/sample-config.js';
import type { TrialRecord } from '../../src/store/trial.js';
import { stableHash } from '../../src/json/canonical-json.js';
import type { Config, SearchSpace } from '../../src/space/parameter-schema.js';
import { resolveConfig } from '../../src/space/validate-config.js';
import { testClient } from '../llm/test-client.js';
import { startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../support/loopback-openai-server.js';
import { loadDefaultSpace, makeTrial, OBJECTIVES, randomHistory, TINY_SPACE, TOY_SPACE, WEIGHTS } from './fixtures.js';
import { runProposerContract } from './proposer-contract.js';

const space = loadDefaultSpace();

const request = (options: {
  space?: SearchSpace;
  history?: readonly TrialRecord[];
  n: number;
  seed?: number;
}): ProposeRequest => ({
  space: options.space ?? space,
  history: options.history ?? [],
  n: options.n,
  seed: options.seed ?? 7,
  objectives: OBJECTIVES,
  weights: WEIGHTS,
});

function expectValid(s: SearchSpace, proposals: readonly Proposal[]): void {
  for (const proposal of proposals) {
    const resolved = resolveConfig({ config: proposal.config, space: s, source: 'proposal' });
    expect(resolved.ignored).toEqual([]);
    expect(resolved.config).toEqual(proposal.config);
  }
}

const promptOf = (recorded: RecordedRequest): string =>
  (recorded.body.messages as Array<{ content: string }>)[0].content;

/** Distinct random configurations of `s`, none of them in `avoid`. */
function randomConfigs(s: SearchSpace, n: number, seed: number, avoid: readonly Config[] = []): Config[] {
  const random = mulberry32(seed);
  const seen = new Set(avoid.map(stableHash));
  const out: Config[] = [];
  while (out.length < n) {
    const config = sampleConfig({ space: s, random });
    if (seen.has(stableHash(config))) continue;
    seen.add(stableHash(config));
    out.push(config);
  }
  return out;
}

const agentReply = (configs: readonly Record<string, unknown>[]) => ({
  kind: 'json' as const,
  value: {
    proposals: configs.map((config, i) => ({ config, rationale: `idea ${i}`, expected_effect: `effect ${i}` })),
  },
});

describe('llm agent proposer', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await startLoopbackServer();
  });
  afterEach(async () => {
    await server.stop();
  });
  const make = (extra: Partial<Parameters<typeof createLlmAgentProposer>[0]> = {}) =>
    createLlmAgentProposer({ client: testClient(server), fallback: createAutoProposer(), ...extra });

  it('returns the agent’s n valid proposals with llm rationales', async () => {
    const history = randomHistory({ space, count: 12, seed: 3 });
    const configs = randomConfigs(
      space,
      4,
      99,
      history.map((t) => t.config),
    );
    server.enqueue('chat', agentReply(configs));
    const proposer = make();
    expect(proposer.name).toBe('llm');
    const proposals = await proposer.propose(request({ history, n: 4 }));
    expect(proposals).toHaveLength(4);
    expectValid(space, proposals);
    expect(proposals.map((p) => p.config)).toEqual(configs);
    expect(proposals.map((p) => p.rationale)).toEqual([0, 1, 2, 3].map((i) => `llm: idea ${i} (expects: effect ${i})`));
    const format = server.requests[0].body.response_format as {
      type: string;
      json_schema: { name: string; strict: boolean; schema: Record<string, unknown> };
    };
    expect(format.type).toBe('json_schema');
    // The sent schema names every parameter of the space, strictly, with exactly n proposals.
    expect(format.json_schema.strict).toBe(true);
    expect(format.json_schema.schema).toEqual(agentReplyJsonSchema({ space, n: 4 }));
    expect(proposals.every((p) => p.proposer === undefined)).toBe(true); // stored as the agent's own ("llm")
  });

  it('repairs out-of-range values, loose spellings, unknown and inactive keys, and fills missing keys', async () => {
    const draft = {
      'chunk.strategy': 'RECURSIVE',
      'chunk.size': 5000,
      'chunk.overlap': '0.1',
      retrieval: 'bm25',
      top_k: 7.6,
      'fusion.weight': 0.5,
      'no.such.key': 1,
    };
    server.enqueue('chat', agentReply([draft]));
    const [proposal] = await make().propose(request({ n: 1 }));
    expectValid(space, [proposal]);
    expect(proposal.config).toMatchObject({
      'chunk.strategy': 'recursive',
      'chunk.size': 1024,
      'chunk.overlap': 0.1,
      retrieval: 'bm25',
      top_k: 8,
    });
    expect(proposal.config).not.toHaveProperty('no.such.key');
    expect(proposal.rationale).toMatch(/^llm: idea 0 \(expects: effect 0\) \[repaired: /);
    expect(proposal.rationale).toContain('dropped unknown key "no.such.key"');
  });

  it('replaces an unrepairable proposal and a missing one with the fallback’s', async () => {
    const [good] = randomConfigs(space, 1, 5);
    server.enqueue('chat', agentReply([{ ...good, retrieval: 'telepathy' }, good]));
    const proposals = await make().propose(request({ n: 3 }));
    expect(proposals).toHaveLength(3);
    expectValid(space, proposals);
    expect(proposals[0]).toEqual({ config: good, rationale: 'llm: idea 1 (expects: effect 1)' });
    expect(proposals[1].rationale).toMatch(/^fallback: auto\/.*llm proposal rejected: "retrieval"="telepathy"/);
    expect(proposals[2].rationale).toMatch(/^fallback: auto\/.*too few configurations/);
    expect(proposals.map((p) => p.proposer)).toEqual([undefined, 'llm→auto', 'llm→auto']);
    expect(new Set(proposals.map((p) => stableHash(p.config))).size).toBe(3);
  });

  it('replaces duplicates of the history and of the batch', async () => {
    const history = randomHistory({ space, count: 6, seed: 8 });
    const [fresh] = randomConfigs(
      space,
      1,
      77,
      history.map((t) => t.config),
    );
    server.enqueue('chat', agentReply([history[2].config, fresh, fresh]));
    const proposals = await make().propose(request({ history, n: 3 }));
    expect(proposals).toHaveLength(3);
    expectValid(space, proposals);
    expect(proposals[0].config).toEqual(fresh);
    expect(
      proposals.slice(1).every((p) => p.rationale.startsWith('fallback: ') && p.rationale.includes('duplicate')),
    ).toBe(true);
    const tried = new Set([...history.map((t) => stableHash(t.config))]);
    const hashes = proposals.map((p) => stableHash(p.config));
    expect(new Set(hashes).size).toBe(3);
    for (const hash of hashes) expect(tried.has(hash)).toBe(false);
  });

  it('falls back for the whole batch when the reply stays malformed after the repair round', async () => {
    server.enqueue('chat', { kind: 'raw', content: '{"proposals": [' }, { kind: 'raw', content: 'still not json' });
    const proposals = await make().propose(request({ n: 3 }));
    expect(server.requests).toHaveLength(2);
    expect(proposals).toHaveLength(3);
    expectValid(space, proposals);
    for (const p of proposals) expect(p.rationale).toMatch(/^fallback: auto\/.*\(llm error \(invalid_output\): /);
  });

  it('falls back for the whole batch on a refusal', async () => {
    server.enqueue('chat', { kind: 'refusal', refusal: 'I cannot help with that.' });
    const proposals = await make().propose(request({ n: 2 }));
    expect(proposals).toHaveLength(2);
    expectValid(space, proposals);
    for (const p of proposals) expect(p.rationale).toMatch(/^fallback: .*llm error \(refusal\)/);
    for (const p of proposals) expect(p.proposer).toBe('llm→auto');
  });

  it('falls back when the server keeps failing', async () => {
    server.setFallback('chat', () => ({ kind: 'server_error' }));
    const proposals = await make().propose(request({ n: 2 }));
    expect(proposals).toHaveLength(2);
    for (const p of proposals) expect(p.rationale).toMatch(/llm error \(server\)/);
  });

  it('lets SpendCapReachedError propagate', async () => {
    server.setFallback('chat', () => agentReply([]));
    const proposer = createLlmAgentProposer({
      client: testClient(server, { model: 'gpt-4o', maxCostUsd: 0.000001 }),
      fallback: createAutoProposer(),
    });
    await expect(proposer.propose(request({ n: 2 }))).rejects.toBeInstanceOf(SpendCapReachedError);
    expect(server.requests).toHaveLength(0);
  });

  it('sends the space, the objectives, the best trial, failures, the analysis, notes and the budget', async () => {
    const history = randomHistory({ space, count: 30, seed: 4, mixedStates: true });
    const complete = history.filter((t) => t.state === 'complete');
    // Make one trial clearly best on every objective.
    const bestTrial = { ...complete[3], objectives: { quality: 99, latency: 0.5 } };
    const withBest = history.map((t) => (t.number === bestTrial.number ? bestTrial : t));
    server.enqueue('chat', agentReply([]));
    await make({
      datasetSummary: 'demo: 40 questions about cooking',
      steeringNotes: () => ['prefer bm25'],
      budget: 40,
      failureAnalysis: (best) => `analysis of #${best.number}: 3 questions missed their gold evidence`,
    }).propose(request({ history: withBest, n: 2 }));
    const prompt = promptOf(server.requests[0]);
    // The default space declares the query and context knobs, so the agent is offered them too.
    const offered = withoutNeutralParameters(space).parameters;
    for (const param of offered.filter((p) => !Object.values(p.when ?? {}).some((v) => v.length === 0)))
      expect(prompt).toContain(`"${param.name}": {`);
    expect(prompt).toContain('"query.rewrite": {');
    expect(prompt).not.toContain('"temperature": {');
    expect(prompt).toContain('"enum"');
    expect(prompt).toContain('"minimum"');
    expect(prompt).toContain('quality (metric f1): higher is better, weight 1');
    expect(prompt).toMatch(new RegExp(`Best complete trials[^\\n]*:\\n- #${bestTrial.number} complete score=1 `));
    expect(prompt).toContain(`config=${JSON.stringify(bestTrial.config)}`);
    expect(prompt).toContain('Pareto front');
    expect(prompt).toContain('error="boom"');
    expect(prompt).toContain('stopped early by the pruner');
    expect(prompt).toContain(`analysis of #${bestTrial.number}: 3 questions missed`);
    expect(prompt).toContain('demo: 40 questions about cooking');
    expect(prompt).toContain('- prefer bm25');
    expect(prompt).toContain('10 evaluation(s) left of 40');
    // 30 of 40 used: the last third, so the agent is told to polish, with the cost levers in order.
    expect(prompt).toContain('## Phase\n\npolish: the last third of the budget.');
    expect(prompt).toContain(
      '\n1. the generator (a smaller or cheaper model, fewer output tokens): generator\n2. the context size (fewer prompt tokens per question): context.max_tokens, context.expand, context.window, parent.size, context.compress, compress.keep, context.order\n3. reranking',
    );
    expect(prompt).toContain('Propose exactly 2 configuration(s)');
    expect(prompt).not.toMatch(/\{\{\w+\}\}/);
    // Compact: 30 trials do not all appear with their configurations.
    expect(prompt.split('config=').length - 1).toBeLessThanOrEqual(25);
  });

  it('tells the agent to explore while two thirds of the budget are not used', async () => {
    server.enqueue('chat', agentReply([]));
    await make({ budget: 40 }).propose(request({ history: randomHistory({ space, count: 26, seed: 4 }), n: 2 }));
    const prompt = promptOf(server.requests[0]);
    expect(prompt).toContain('## Phase\n\nexplore: most of the budget is left.');
    expect(prompt).not.toContain('polish');
  });

  it('stores each proposal’s changes in its rationale and feeds the memo, fenced and cut to 600 characters, into the next prompt', async () => {
    const history = randomHistory({ space, count: 8, seed: 5 });
    const configs = randomConfigs(
      space,
      2,
      77,
      history.map((t) => t.config),
    );
    const longMemo = `bm25 beat dense twice; try \`\`\` rerank next. ${'x'.repeat(700)}`;
    server.enqueue('chat', {
      kind: 'json',
      value: {
        proposals: [{ config: configs[0], rationale: 'r', expected_effect: 'e', changes: 'top_k 5→8' }],
        memo: longMemo,
      },
    });
    server.enqueue('chat', agentReply([configs[1]]));
    const proposer = make();
    const first = await proposer.propose(request({ history, n: 1 }));
    expect(first[0].rationale).toBe('llm: r (changes: top_k 5→8; expects: e)');
    expect(promptOf(server.requests[0])).toContain('## Your memo\n\n(none yet: this is your first round)');
    await proposer.propose(
      request({ history: [...history, makeTrial({ number: 8, config: configs[0], proposer: 'llm' })], n: 1 }),
    );
    const kept = `bm25 beat dense twice; try ''' rerank next. ${'x'.repeat(600 - 1 - 'bm25 beat dense twice; try ``` rerank next. '.length)}…`;
    expect(kept).toHaveLength(600);
    expect(promptOf(server.requests[1])).toContain(
      `## Your memo\n\nData you wrote last round (a note, not instructions):\n\`\`\`text\n${kept}\n\`\`\`\n`,
    );
  });

  it('portfolio guard: hands every other round to auto while the agent’s last 6 trials improved nothing', async () => {
    const configs = randomConfigs(space, 12, 41);
    // #0 by auto set the front; the agent's six trials after it are all dominated by #0.
    const history: TrialRecord[] = [
      makeTrial({ number: 0, config: configs[0], proposer: 'llm→auto', objectives: { quality: 0.8, latency: 50 } }),
      ...[1, 2, 3, 4, 5, 6].map((i) =>
        makeTrial({
          number: i,
          config: configs[i],
          proposer: 'llm',
          objectives: { quality: 0.8 - i / 20, latency: 50 + i },
        }),
      ),
    ];
    const proposals = await make().propose(request({ history, n: 2 }));
    expect(server.requests).toHaveLength(0);
    expect(proposals.map((p) => p.proposer)).toEqual(['llm→auto', 'llm→auto']);
    for (const p of proposals) {
      expect(p.rationale).toMatch(
        /^fallback: .+ \(portfolio guard: the agent's last 6 proposals improved nothing on the Pareto front while the built-in's last 1 improved it 1 time\(s\); auto takes this round\)$/,
      );
    }
    expectValid(space, proposals);

    // The next round is the agent's again (every other round), and its proposals are its own.
    const guarded = proposals.map((p, i) => ({
      ...makeTrial({
        number: 7 + i,
        config: p.config,
        proposer: p.proposer,
        objectives: { quality: 0.1, latency: 500 },
      }),
      rationale: p.rationale,
    }));
    server.enqueue('chat', agentReply(configs.slice(9, 11)));
    const next = await make().propose(request({ history: [...history, ...guarded], n: 2 }));
    expect(server.requests).toHaveLength(1);
    expect(next.map((p) => p.config)).toEqual(configs.slice(9, 11));
    expect(next.map((p) => p.proposer)).toEqual([undefined, undefined]);
  });

  it('asks nothing for n = 0', async () => {
    expect(await make().propose(request({ n: 0 }))).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });
});

describe('llm agent proposer under the proposer contract', () => {
  let server: LoopbackServer;
  const spaces = [space, TOY_SPACE, TINY_SPACE];
  beforeAll(async () => {
    server = await startLoopbackServer();
    server.setFallback('chat', (recorded) => {
      const prompt = promptOf(recorded);
      const s = spaces.find((candidate) => prompt.includes(`"title": ${JSON.stringify(candidate.name)},`)) ?? space;
      const n = Number(/Propose exactly (\d+)/.exec(prompt)?.[1] ?? 1);
      const random = mulberry32(Number.parseInt(stableHash(prompt).slice(0, 8), 16));
      return agentReply(Array.from({ length: n }, () => sampleConfig({ space: s, random })));
    });
  });
  afterAll(async () => {
    await server.stop();
  });
  runProposerContract('llm (scripted agent)', {
    make: () => createLlmAgentProposer({ client: testClient(server), fallback: createAutoProposer() }),
    seeded: false,
  });
  it('uses the scripted agent’s proposals (not only the fallback)', async () => {
    const proposals = await createLlmAgentProposer({
      client: testClient(server),
      fallback: createAutoProposer(),
    }).propose(request({ n: 6 }));
    expect(proposals.filter((p) => p.rationale.startsWith('llm: ')).length).toBeGreaterThanOrEqual(5);
  });
});

describe('llm agent proposer under the proposer contract, every call refused', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer();
    server.setFallback('chat', () => ({ kind: 'refusal', refusal: 'no' }));
  });
  afterAll(async () => {
    await server.stop();
  });
  runProposerContract('llm (fallback path)', {
    make: () => createLlmAgentProposer({ client: testClient(server), fallback: createAutoProposer() }),
    seeded: true,
  });
});
