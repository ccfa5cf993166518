import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SteeringSession } from '../../src/chat/steering-session.js';
import { steeringViolations } from '../../src/optimize/steering/steered-space.js';
import { summarizeStudy } from '../../src/optimize/study-summary.js';
import { completeTrial, makeSteeredStudy } from './chat-fixtures.js';

describe('SteeringSession', () => {
  it('stores every applied action with the trial count at which it happened', () => {
    const { study, store, session } = makeSteeredStudy();
    completeTrial(study, {
      'chunk.strategy': 'sentence',
      'chunk.size': 200,
      retrieval: 'bm25',
      top_k: 4,
      reranker: 'none',
      generator: 'extractive-span',
      'context.max_tokens': 1024,
    });
    completeTrial(study, {
      'chunk.strategy': 'sentence',
      'chunk.size': 300,
      retrieval: 'bm25',
      top_k: 4,
      reranker: 'none',
      generator: 'extractive-span',
      'context.max_tokens': 1024,
    });
    expect(session.apply({ type: 'pin', param: 'reranker', value: 'local' }, '/pin reranker=local').ok).toBe(true);
    expect(session.apply({ type: 'status' }).ok).toBe(true);
    const log = store.listSteering(study.id);
    expect(log.map((r) => [r.atTrial, r.action.type, r.message])).toEqual([
      [2, 'pin', '/pin reranker=local'],
      [2, 'status', null],
    ]);
  });

  it('refuses invalid actions with a reason and stores nothing', () => {
    const { study, store, session } = makeSteeredStudy();
    const cases: [Parameters<SteeringSession['apply']>[0], RegExp][] = [
      [{ type: 'pin', param: 'rerankr', value: 'local' }, /unknown parameter "rerankr". Did you mean "reranker"\?/],
      [{ type: 'pin', param: 'reranker', value: 'cohere' }, /"reranker" must be one of "none", "local", "mmr"/],
      [{ type: 'pin', param: 'chunk.size', value: 5000 }, /out of range \[64, 1024\]/],
      [{ type: 'exclude', param: 'chunk.size', values: [256] }, /number range.*\/narrow/s],
      [{ type: 'exclude', param: 'generator', values: ['extractive-sentence', 'extractive-span'] }, /no value to try/],
      [{ type: 'narrow', param: 'top_k', low: 30, high: 40 }, /does not overlap/],
      [{ type: 'weights', weights: { qualty: 1 } }, /not an objective.*"quality"/],
      [{ type: 'weights', weights: { quality: 0, latency: 0 } }, /at least one objective/],
      [{ type: 'add_constraint', constraint: { metric: 'latency_p59_ms', op: '<', value: 5 } }, /unknown metric/],
      [{ type: 'explain', trial: 7 }, /no trial #7/],
      [{ type: 'unpin', param: 'reranker' }, /not pinned/],
    ];
    for (const [action, message] of cases) {
      const reply = session.apply(action);
      expect(reply.ok, JSON.stringify(action)).toBe(false);
      expect(reply.text + ' ' + (reply.hint ?? '')).toMatch(message);
    }
    expect(store.listSteering(study.id)).toEqual([]);
  });

  it('coerces text values from commands and tool calls to the declared type', () => {
    const { session } = makeSteeredStudy();
    expect(session.apply({ type: 'pin', param: 'chunk.size', value: '256' }).ok).toBe(true);
    expect(session.state.pins['chunk.size']).toBe(256);
  });

  it('cancels waiting trials that a new pin or exclusion rules out, and keeps the others', () => {
    const { study, session } = makeSteeredStudy();
    const base = {
      'chunk.strategy': 'sentence',
      'chunk.size': 200,
      retrieval: 'bm25',
      top_k: 4,
      generator: 'extractive-span',
      'context.max_tokens': 1024,
    };
    study.enqueue({
      proposals: [
        { config: { ...base, reranker: 'mmr', 'rerank.candidates': 20, 'mmr.lambda': 0.5 }, rationale: '' },
        { config: { ...base, reranker: 'none' }, rationale: '' },
      ],
      proposer: 'test',
    });
    const reply = session.apply({ type: 'exclude', param: 'reranker', values: ['mmr'] });
    expect(reply.text).toMatch(/cancelled waiting trial\(s\) #0 \(reranker=mmr is excluded\)/);
    expect(study.trials().map((t) => t.config.reranker)).toEqual(['none']);
  });

  it('a pin lifts an exclusion of the same value, and unpin/include/widen undo', () => {
    const { session } = makeSteeredStudy();
    session.apply({ type: 'exclude', param: 'reranker', values: ['mmr', 'local'] });
    session.apply({ type: 'pin', param: 'reranker', value: 'local' });
    expect(session.state.excluded.reranker).toEqual(['mmr']);
    session.apply({ type: 'unpin', param: 'reranker' });
    session.apply({ type: 'include', param: 'reranker', values: ['mmr'] });
    session.apply({ type: 'narrow', param: 'top_k', low: 2, high: 6 });
    session.apply({ type: 'widen', param: 'top_k' });
    expect(session.state).toMatchObject({ pins: {}, excluded: {}, ranges: {} });
  });

  it('/try completes a partial configuration from the best so far and the pins, and queues it', () => {
    const { study, session, space } = makeSteeredStudy();
    completeTrial(study, {
      'chunk.strategy': 'sentence',
      'chunk.size': 200,
      retrieval: 'bm25',
      top_k: 7,
      reranker: 'none',
      generator: 'extractive-span',
      'context.max_tokens': 1024,
    });
    session.apply({ type: 'pin', param: 'reranker', value: 'local' });
    const reply = session.apply(
      { type: 'enqueue', config: { retrieval: 'hybrid', 'chunk.size': '256' } },
      '/try retrieval=hybrid chunk.size=256',
    );
    expect(reply.ok).toBe(true);
    expect(reply.text).toMatch(/queued as #1/);
    const queued = study.trials()[1];
    expect(queued).toMatchObject({
      state: 'waiting',
      proposer: 'user',
      rationale: 'requested in chat: "/try retrieval=hybrid chunk.size=256"',
    });
    expect(queued.config).toMatchObject({
      retrieval: 'hybrid',
      'chunk.size': 256,
      top_k: 7,
      reranker: 'local',
      'chunk.strategy': 'sentence',
    });
    expect(queued.config.embedder).toBeDefined(); // newly active under hybrid
    expect(steeringViolations({ config: queued.config, space, state: session.state })).toEqual([]);
  });

  it('/try refuses values the steering rules out, and reports a configuration already tried', () => {
    const { study, session } = makeSteeredStudy();
    const config = {
      'chunk.strategy': 'sentence',
      'chunk.size': 200,
      retrieval: 'bm25',
      top_k: 7,
      reranker: 'none',
      generator: 'extractive-span',
      'context.max_tokens': 1024,
    };
    completeTrial(study, config);
    session.apply({ type: 'exclude', param: 'retrieval', values: ['dense'] });
    const refused = session.apply({ type: 'enqueue', config: { retrieval: 'dense' } });
    expect(refused).toMatchObject({ ok: false, text: 'cannot try it: retrieval=dense is excluded' });
    expect(refused.hint).toMatch(/\/include retrieval=dense/);
    const again = session.apply({ type: 'enqueue', config: { top_k: 7 } });
    expect(again.text).toMatch(/already tried as #0/);
    expect(study.trials()).toHaveLength(1);
  });

  it('weights and constraints from steering rank the results (summaries, best.json)', () => {
    const { study, session } = makeSteeredStudy();
    // Toy latencies 390 vs 15 ms: 26× apart, beyond the run-to-run floor (24×), so latency can decide.
    completeTrial(study, {
      'chunk.strategy': 'sentence',
      'chunk.size': 256,
      retrieval: 'bm25',
      top_k: 4,
      reranker: 'local',
      'rerank.candidates': 600,
      generator: 'extractive-span',
      'context.max_tokens': 1024,
    });
    completeTrial(study, {
      'chunk.strategy': 'sentence',
      'chunk.size': 64,
      retrieval: 'bm25',
      top_k: 4,
      reranker: 'none',
      generator: 'extractive-span',
      'context.max_tokens': 1024,
    });
    expect(summarizeStudy(study).best?.number).toBe(0); // quality first: 256 is the toy optimum
    session.apply({ type: 'weights', weights: { quality: 0.01, latency: 1 } });
    expect(summarizeStudy(study).best?.number).toBe(1); // now the faster one
    session.apply({ type: 'add_constraint', constraint: { metric: 'latency_p95_ms', op: '<', value: 20 } });
    expect(summarizeStudy(study).constraints).toEqual([{ metric: 'latency_p95_ms', op: '<', value: 20 }]);
  });

  it('a new session on the same study replays the log (resume), except pause and stop', () => {
    const { study, session, space } = makeSteeredStudy({ budget: 20 });
    session.apply({ type: 'pin', param: 'reranker', value: 'none' });
    session.apply({ type: 'budget', budget: 40 });
    session.apply({ type: 'pause' });
    const resumed = new SteeringSession({
      study,
      space,
      budget: 30,
      baseline: {},
      exportPath: join(tmpdir(), 'tune-rag-unused-best.json'),
    });
    expect(resumed.state).toMatchObject({ pins: { reranker: 'none' }, budget: 40, paused: false, stopped: false });
  });

  it('pause holds the loop until resume; stop ends it', async () => {
    const { session } = makeSteeredStudy();
    const control = session.control({ canResume: () => true });
    session.apply({ type: 'pause' });
    let released = false;
    const waiting = control.beforeTrial().then((go) => {
      released = true;
      return go;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(released).toBe(false);
    session.apply({ type: 'resume' });
    expect(await waiting).toBe(true);
    session.apply({ type: 'stop' });
    expect(await control.beforeTrial()).toBe(false);
  });

  it('a pause nothing can lift (no terminal) is lifted with a notice instead of hanging', async () => {
    const { session } = makeSteeredStudy();
    const notices: string[] = [];
    session.apply({ type: 'pause' });
    expect(await session.control({ canResume: () => false, notice: (t) => notices.push(t) }).beforeTrial()).toBe(true);
    expect(notices[0]).toMatch(/no terminal to \/resume/);
  });

  it('budget cannot go below the trials already done', () => {
    const { study, session } = makeSteeredStudy();
    completeTrial(study, {
      'chunk.strategy': 'sentence',
      'chunk.size': 200,
      retrieval: 'bm25',
      top_k: 4,
      reranker: 'none',
      generator: 'extractive-span',
      'context.max_tokens': 1024,
    });
    completeTrial(study, {
      'chunk.strategy': 'sentence',
      'chunk.size': 300,
      retrieval: 'bm25',
      top_k: 4,
      reranker: 'none',
      generator: 'extractive-span',
      'context.max_tokens': 1024,
    });
    expect(session.apply({ type: 'budget', budget: 1 })).toMatchObject({
      ok: false,
      hint: 'Use /stop to end the search now.',
    });
    expect(session.apply({ type: 'budget', budget: 2 }).ok).toBe(true);
  });

  it('gives the LLM proposer the steering as notes: changes with what the user said, then what is in force', () => {
    const { session } = makeSteeredStudy();
    session.apply({ type: 'exclude', param: 'reranker', values: ['mmr'] }, 'stop trying MMR');
    session.apply({ type: 'status' }, '/status');
    session.apply({ type: 'note', text: 'prefer short contexts' }, '/note prefer short contexts');
    expect(session.notes()).toEqual([
      'after 0 trials: exclude reranker=mmr (user said: "stop trying MMR")',
      'after 0 trials: note "prefer short contexts"',
      'in force now: excluded reranker=mmr; notes: "prefer short contexts"',
    ]);
  });
});
