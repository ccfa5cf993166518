import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { runCli, runCliAsync, STACK_LINE } from './run-cli.js';

interface TrialJson {
  id: number;
  state: string;
  proposer: string;
  rationale: string;
  config: Record<string, unknown>;
  objectives: Record<string, number>;
}
interface OutJson {
  trials: TrialJson[];
  steering: { at_trial: number; action: Record<string, unknown>; message: string | null }[];
}

const STEER = [
  '# pins and exclusions after two trials, then questions and a /try',
  '@2 /pin generator=extractive-sentence',
  '@2 /exclude retrieval=dense',
  '@4 /why 3',
  '@5 /try chunk.size=128',
  '@6 /weights quality=0.9 latency=0.1',
  '@7 /status',
  '@8 /compare 0 3',
  '@8 /bogus',
].join('\n');

const read = (cwd: string, file: string): OutJson => JSON.parse(readFileSync(join(cwd, file), 'utf8'));
const comparable = (out: OutJson) => ({
  trials: out.trials.map((t) => ({
    id: t.id,
    state: t.state,
    proposer: t.proposer,
    rationale: t.rationale,
    config: t.config,
    objectives: t.objectives,
  })),
  steering: out.steering,
});

describe('tune-rag chat --steer-file', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-chat-'));
  writeFileSync(join(cwd, 'steer.txt'), STEER);
  const args = [
    'chat',
    '--dataset',
    'demo',
    '--steer-file',
    'steer.txt',
    '--budget',
    '12',
    '--questions',
    '90',
    '--seed',
    '5',
  ];
  let first: ReturnType<typeof runCli>;
  beforeAll(() => {
    first = runCli([...args, '--json', 'out.json'], { cwd });
  });

  it('applies each message after its trial count, stores it, and every later trial honours pins and exclusions', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const out = read(cwd, 'out.json');
    expect(out.trials).toHaveLength(12);
    expect(out.steering.map((s) => [s.at_trial, s.action.type, s.message])).toEqual([
      [2, 'pin', '/pin generator=extractive-sentence'],
      [2, 'exclude', '/exclude retrieval=dense'],
      [4, 'explain', '/why 3'],
      [5, 'enqueue', '/try chunk.size=128'],
      [6, 'weights', '/weights quality=0.9 latency=0.1'],
      [7, 'status', '/status'],
      [8, 'compare', '/compare 0 3'],
    ]);
    // Trials #0 and #1 ran before the steering; with one worker nothing else was queued yet.
    const later = out.trials.filter((t) => t.id >= 2);
    expect(later.length).toBe(10);
    for (const trial of later) {
      expect(trial.config.generator, `#${trial.id}`).toBe('extractive-sentence');
      expect(trial.config.retrieval, `#${trial.id}`).not.toBe('dense');
    }
    const tried = out.trials.find((t) => t.proposer === 'user')!;
    expect(tried).toMatchObject({ id: 5, rationale: 'requested in chat: "/try chunk.size=128"' });
    expect(tried.config['chunk.size']).toBe(128);
    // Replies are printed in order with the messages.
    expect(first.stdout).toMatch(/» @4 \/why 3\n#3: proposed by auto\n {2}why: .+\n/);
    expect(first.stdout).toMatch(/» @8 \/bogus\n✗ unknown command \/bogus/);
    expect(first.stdout).toMatch(/» @7 \/status\n7\/12 trials done .*\n.*best so far: #\d+/);
  });

  it('is deterministic under --seed: a rerun gives the same trials, results and steering log', () => {
    // Same cache folder: latency is the figure recorded when a stage first ran, so it repeats too.
    const again = runCli([...args, '--db', 'again.db', '--json', 'again.json'], { cwd });
    expect(again.code).toBe(0);
    expect(comparable(read(cwd, 'again.json'))).toEqual(comparable(read(cwd, 'out.json')));
  });

  it('is deterministic across machines when latency is not an objective (fresh cache, fresh store)', () => {
    const a = mkdtempSync(join(tmpdir(), 'tune-rag-chat-a-'));
    const b = mkdtempSync(join(tmpdir(), 'tune-rag-chat-b-'));
    for (const dir of [a, b]) {
      writeFileSync(join(dir, 'steer.txt'), STEER.replace('latency=0.1', 'retrieval=0.1'));
      const result = runCli([...args, '--objectives', 'quality,retrieval', '--json', 'out.json'], { cwd: dir });
      expect(result.code).toBe(0);
    }
    expect(comparable(read(a, 'out.json'))).toEqual(comparable(read(b, 'out.json')));
  });

  it('shows the steering log in tune-rag show, and tune --resume keeps honouring it', () => {
    const name = (JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8')) as { study: string }).study;
    const show = runCli(['show', name], { cwd });
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(
      /Steering log \(7 action\(s\)\):\n {2}after {3}2 trials: pin generator=extractive-sentence\n {2}after {3}2 trials: exclude retrieval=dense\n/,
    );
    const resumed = runCli(
      [
        '--dataset',
        'demo',
        '--budget',
        '16',
        '--questions',
        '90',
        '--seed',
        '5',
        '--resume',
        '--study',
        name,
        '--json',
        'resumed.json',
      ],
      { cwd },
    );
    expect(resumed.code).toBe(0);
    const out = read(cwd, 'resumed.json');
    expect(out.trials).toHaveLength(16);
    for (const trial of out.trials.slice(12)) {
      expect(trial.config.generator).toBe('extractive-sentence');
      expect(trial.config.retrieval).not.toBe('dense');
    }
  });

  it('a bad steer file is reported with file:line before anything runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tune-rag-chat-bad-'));
    writeFileSync(join(dir, 'steer.txt'), '/status\n@soon /pin reranker=none\n');
    const result = runCli(['chat', '--dataset', 'demo', '--steer-file', 'steer.txt'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /error: .*steer\.txt:2: "@soon" is not a trial count\nhint: Write @N with a whole number N/,
    );
    expect(result.stderr).not.toMatch(STACK_LINE);
    const missing = runCli(['chat', '--dataset', 'demo', '--steer-file', 'nope.txt'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read steer file .*nope\.txt.*file not found/);
  });
});

describe('tune-rag chat --llm (loopback server)', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer();
    server.setFallback('chat', (request) => {
      const body = request.body as { tools?: unknown[]; messages: { role: string; content: string | null }[] };
      if (!body.tools) return { kind: 'raw', content: 'not json at all' }; // the proposer agent: falls back to auto
      const last = body.messages[body.messages.length - 1];
      if (last.role === 'tool') return { kind: 'text', text: 'Done: no more rerankers, and BM25 only from now on.' };
      return {
        kind: 'tool_calls',
        calls: [
          { name: 'exclude', arguments: { param: 'reranker', values: ['local', 'mmr'] } },
          { name: 'pin', arguments: { param: 'retrieval', value: 'bm25' } },
        ],
      };
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('interprets free text through tool calls, applies it and says what it changed', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-chat-llm-'));
    writeFileSync(join(cwd, 'steer.txt'), '@2 stop trying rerankers and stick to BM25\n');
    writeFileSync(join(cwd, 'space.json'), readFileSync(join(__dirname, '../../pipelines/default.space.json'), 'utf8'));
    const result = await runCliAsync(
      [
        'chat',
        '--dataset',
        'demo',
        '--questions',
        '40',
        '--budget',
        '7',
        '--seed',
        '2',
        '--space',
        'space.json',
        '--no-fidelity',
        '--llm',
        'openai:gpt-4o-mini',
        '--steer-file',
        'steer.txt',
        '--json',
        'out.json',
      ],
      { cwd, env: { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-test-CHAT' } },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '» @2 stop trying rerankers and stick to BM25\nDone: no more rerankers, and BM25 only from now on.\n  (applied: exclude reranker=local,mmr; pin retrieval=bm25)',
    );
    const out = read(cwd, 'out.json');
    expect(out.steering.map((s) => [s.at_trial, s.action, s.message])).toEqual([
      [2, { type: 'exclude', param: 'reranker', values: ['local', 'mmr'] }, 'stop trying rerankers and stick to BM25'],
      [2, { type: 'pin', param: 'retrieval', value: 'bm25' }, 'stop trying rerankers and stick to BM25'],
    ]);
    for (const trial of out.trials.filter((t) => t.id >= 2))
      expect([trial.config.retrieval, trial.config.reranker]).toEqual(['bm25', 'none']);
    expect(JSON.stringify(out)).not.toContain('sk-test-CHAT');
  });
});

describe('tune-rag chat --llm with a rejected key', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer();
    server.setFallback('chat', () => ({
      kind: 'error',
      status: 401,
      message: 'Incorrect API key provided: sk-test-BAD',
    }));
  });
  afterAll(async () => {
    await server.stop();
  });

  it('stops the chat after the running trial, keeps the finished ones and exits 2 naming the key variable', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-chat-401-'));
    writeFileSync(join(cwd, 'steer.txt'), '@2 make it faster\n@4 /status\n');
    writeFileSync(join(cwd, 'space.json'), readFileSync(join(__dirname, '../../pipelines/default.space.json'), 'utf8'));
    const result = await runCliAsync(
      [
        'chat',
        '--dataset',
        'demo',
        '--questions',
        '20',
        '--budget',
        '8',
        '--seed',
        '2',
        '--space',
        'space.json',
        '--no-fidelity',
        '--proposer',
        'tpe',
        '--llm',
        'openai:gpt-4o-mini',
        '--steer-file',
        'steer.txt',
        '--json',
        'out.json',
      ],
      { cwd, env: { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-test-BAD' } },
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('» @2 make it faster\n✗ openai:gpt-4o-mini: HTTP 401');
    expect(result.stdout).toContain(': stopping the chat');
    expect(result.stderr).toMatch(/run stopped: .*HTTP 401/);
    expect(result.stderr).toContain('set OPENAI_API_KEY to a key that has access');
    expect(result.stderr).not.toMatch(STACK_LINE);
    // The 401 is not retried: one request. "@2" applies before trial 2 starts, so trials 0 and 1
    // are the finished ones, and none starts after the stop.
    expect(server.requests.filter((r) => r.route === 'chat')).toHaveLength(1);
    const out = read(cwd, 'out.json');
    expect(out.trials.map((t) => t.state)).toEqual(['complete', 'complete']);
    expect(`${result.stdout}${result.stderr}${JSON.stringify(out)}`).not.toContain('sk-test-BAD');
  });
});
