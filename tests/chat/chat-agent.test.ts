import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChatAgent } from '../../src/chat/chat-agent.js';
import { handleMessage } from '../../src/chat/handle-message.js';
import { testClient } from '../llm/test-client.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { completeTrial, makeSteeredStudy } from './chat-fixtures.js';

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  server.resetStats();
  server.setFallback('chat', () => ({ kind: 'text', text: 'fallback answer' }));
});

type Sent = { role: string; content: string | null; tool_call_id?: string }[];
const sentMessages = (i: number): Sent => server.requests[i].body.messages as Sent;

function setUp() {
  const fixture = makeSteeredStudy();
  const agent = new ChatAgent({ client: testClient(server), session: fixture.session });
  return { ...fixture, agent };
}

describe('ChatAgent (LLM path, loopback server)', () => {
  it('turns free text into tool calls, applies and stores them, then answers in plain language', async () => {
    const { agent, study, store, session } = setUp();
    server.enqueue(
      'chat',
      {
        kind: 'tool_calls',
        calls: [
          { name: 'exclude', arguments: { param: 'reranker', values: ['mmr', 'local'] } },
          { name: 'weights', arguments: { weights: { latency: 0.5 } } },
        ],
      },
      { kind: 'text', text: 'I stopped trying rerankers and made latency count more.' },
    );
    const outcome = await handleMessage({
      text: 'stop trying rerankers, and latency matters more than I said',
      session,
      agent,
    });
    expect(outcome.lines[0]).toBe('I stopped trying rerankers and made latency count more.');
    expect(outcome.lines[1]).toBe('  (applied: exclude reranker=mmr,local; weights latency=0.5)');
    expect(session.state.excluded.reranker).toEqual(['mmr', 'local']);
    expect(session.state.weights.latency).toBe(0.5);
    expect(store.listSteering(study.id).map((r) => [r.action.type, r.message])).toEqual([
      ['exclude', 'stop trying rerankers, and latency matters more than I said'],
      ['weights', 'stop trying rerankers, and latency matters more than I said'],
    ]);
    // The model saw the tools, the space and status, then the tool results.
    const first = server.requests[0].body as {
      tools: { function: { name: string; parameters: { properties: Record<string, unknown> } } }[];
    };
    expect(first.tools.map((t) => t.function.name)).toEqual(
      expect.arrayContaining([
        'pin',
        'exclude',
        'narrow',
        'weights',
        'add_constraint',
        'enqueue',
        'budget',
        'pause',
        'stop',
        'explain',
        'compare',
        'pareto',
        'status',
        'export',
      ]),
    );
    expect(first.tools.find((t) => t.function.name === 'pin')!.function.parameters.properties).toHaveProperty('value');
    expect(sentMessages(0)[0].content).toContain('"reranker"');
    const toolResults = sentMessages(1).filter((m) => m.role === 'tool');
    expect(toolResults.map((m) => m.tool_call_id)).toEqual(['call_0', 'call_1']);
    expect(toolResults[0].content).toMatch(/^exclude reranker=mmr,local: applies from the next proposal/);
  });

  it('sends malformed or refused tool calls back as errors; the model fixes them', async () => {
    const { agent, session } = setUp();
    server.enqueue(
      'chat',
      {
        kind: 'tool_calls',
        calls: [
          { name: 'pin', rawArguments: '{"param": "chunk.size", "value": 256' },
          { name: 'pin', arguments: { param: 'chunk_size', value: 256 } },
        ],
      },
      { kind: 'tool_calls', calls: [{ name: 'pin', arguments: { param: 'chunk.size', value: 256 } }] },
      { kind: 'text', text: 'Pinned chunk.size to 256.' },
    );
    const turn = await agent.handle('use 256-token chunks from now on');
    expect(turn).toMatchObject({
      text: 'Pinned chunk.size to 256.',
      applied: [{ type: 'pin', param: 'chunk.size', value: 256 }],
    });
    const results = sentMessages(1)
      .filter((m) => m.role === 'tool')
      .map((m) => m.content);
    expect(results[0]).toMatch(/^error: the arguments are not valid JSON/);
    expect(results[1]).toMatch(/^refused: unknown parameter "chunk_size". Did you mean "chunk.size"\?/);
    expect(session.state.pins).toEqual({ 'chunk.size': 256 });
  });

  it('answers questions from the question tools (why #N shows the stored rationale)', async () => {
    const { agent, study } = setUp();
    completeTrial(study, {
      'chunk.strategy': 'sentence',
      'chunk.size': 200,
      retrieval: 'bm25',
      top_k: 4,
      reranker: 'none',
      generator: 'extractive-span',
      'context.max_tokens': 1024,
    });
    server.enqueue(
      'chat',
      { kind: 'tool_calls', calls: [{ name: 'explain', arguments: { trial: 0 } }] },
      { kind: 'text', text: 'It was the test rationale.' },
    );
    const turn = await agent.handle('why did you try #0?');
    expect(turn.text).toBe('It was the test rationale.');
    const tool = sentMessages(1).find((m) => m.role === 'tool')!;
    expect(tool.content).toMatch(/#0: proposed by test\n {2}why: test/);
  });

  it('a refusal, persistent server errors or a hang become a reply pointing at the slash commands', async () => {
    const { agent, session } = setUp();
    server.enqueue('chat', { kind: 'refusal', refusal: 'I cannot help with that.' });
    const refused = await agent.handle('pin something');
    expect(refused.error).toMatch(/refusal/);
    expect(refused.text).toMatch(/Slash commands work without it: \/help lists them/);
    server.enqueue('chat', ...Array.from({ length: 4 }, () => ({ kind: 'server_error' as const })));
    expect((await agent.handle('status?')).error).toMatch(/server/);
    server.enqueue('chat', { kind: 'hang' });
    const hung = await new ChatAgent({
      client: testClient(server, {
        timeoutMs: 200,
        retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 10 },
      }),
      session,
    }).handle('status?');
    expect(hung.error).toMatch(/timeout|timed out/i);
    expect(session.state.pins).toEqual({});
  });

  it('a 429 with Retry-After is retried, not dropped', async () => {
    const { agent, session } = setUp();
    server.enqueue(
      'chat',
      { kind: 'rate_limited', retryAfter: '0' },
      { kind: 'tool_calls', calls: [{ name: 'budget', arguments: { budget: 40 } }] },
      { kind: 'text', text: 'Budget raised to 40.' },
    );
    const turn = await agent.handle('give it 40 trials');
    expect(turn.text).toBe('Budget raised to 40.');
    expect(session.state.budget).toBe(40);
  });

  it('stops after a bounded number of tool rounds when the model never answers', async () => {
    const { agent } = setUp();
    server.setFallback('chat', () => ({ kind: 'tool_calls', calls: [{ name: 'status', arguments: {} }] }));
    const turn = await agent.handle('status');
    expect(server.requests).toHaveLength(4);
    expect(turn.text).toMatch(/^Applied: status/);
  });

  it('keeps the last exchanges as context for follow-ups', async () => {
    const { agent } = setUp();
    server.enqueue('chat', { kind: 'text', text: 'first answer' }, { kind: 'text', text: 'second answer' });
    await agent.handle('first question');
    await agent.handle('and again?');
    expect(sentMessages(1).map((m) => [m.role, m.content])).toEqual(
      expect.arrayContaining([
        ['user', 'first question'],
        ['assistant', 'first answer'],
        ['user', 'and again?'],
      ]),
    );
  });

  it('free text without an LLM explains how to enable it and lists the commands', async () => {
    const { session } = makeSteeredStudy();
    const outcome = await handleMessage({ text: 'cheaper please', session, agent: null });
    expect(outcome.ok).toBe(false);
    expect(outcome.lines.join('\n')).toMatch(
      /need an LLM.*--llm openai:gpt-4o-mini.*OPENAI_BASE_URL.*\/pin NAME=VALUE/s,
    );
  });
});
