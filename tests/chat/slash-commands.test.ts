import { describe, expect, it } from 'vitest';
import { parseSlashCommand } from '../../src/chat/slash-commands.js';

describe('slash commands', () => {
  it('parse into steering actions', () => {
    const cases: [string, unknown[]][] = [
      [
        '/pin generator=extractive-span top_k=5',
        [
          { type: 'pin', param: 'generator', value: 'extractive-span' },
          { type: 'pin', param: 'top_k', value: '5' },
        ],
      ],
      ['/unpin top_k', [{ type: 'unpin', param: 'top_k' }]],
      ['/exclude reranker=mmr,local', [{ type: 'exclude', param: 'reranker', values: ['mmr', 'local'] }]],
      ['/include reranker=mmr', [{ type: 'include', param: 'reranker', values: ['mmr'] }]],
      ['/narrow chunk.size=128..512', [{ type: 'narrow', param: 'chunk.size', low: 128, high: 512 }]],
      ['/narrow fusion.weight 0.2 0.6', [{ type: 'narrow', param: 'fusion.weight', low: 0.2, high: 0.6 }]],
      ['/weights quality=0.8 cost=0.2', [{ type: 'weights', weights: { quality: 0.8, cost: 0.2 } }]],
      [
        '/constraint latency_p95_ms < 500',
        [{ type: 'add_constraint', constraint: { metric: 'latency_p95_ms', op: '<', value: 500 } }],
      ],
      ['/constraint remove latency_p95_ms', [{ type: 'remove_constraint', metric: 'latency_p95_ms' }]],
      [
        '/try chunk.size=256 retrieval=hybrid',
        [{ type: 'enqueue', config: { 'chunk.size': '256', retrieval: 'hybrid' } }],
      ],
      ['/budget 40', [{ type: 'budget', budget: 40 }]],
      ['/why #12', [{ type: 'explain', trial: 12 }]],
      ['/compare 3 12', [{ type: 'compare', a: 3, b: 12 }]],
      ['/export best.json', [{ type: 'export', path: 'best.json' }]],
      ['/export --force mine.json', [{ type: 'export', path: 'mine.json', force: true }]],
      ['/export', [{ type: 'export' }]],
      ['/PAUSE', [{ type: 'pause' }]],
      ['/quit', [{ type: 'stop' }]],
    ];
    for (const [line, actions] of cases) expect(parseSlashCommand(line), line).toEqual({ kind: 'actions', actions });
  });

  it('bad commands get the usage or a suggestion', () => {
    expect(parseSlashCommand('/pni generator=x')).toEqual({
      kind: 'error',
      problem: 'unknown command /pni. Did you mean "/pin"?',
      hint: 'Type /help for the list of commands.',
    });
    expect(parseSlashCommand('/pin generator')).toEqual({
      kind: 'error',
      problem: '/pin: "generator" is not name=value',
      hint: 'Usage: /pin NAME=VALUE [NAME=VALUE ...]',
    });
    expect(parseSlashCommand('/why twelve')).toMatchObject({ kind: 'error', hint: 'Usage: /why N' });
    expect(parseSlashCommand('/budget -3')).toMatchObject({
      kind: 'error',
      problem: '/budget: expected a positive whole number of trials',
    });
    expect(parseSlashCommand('/weights quality=lots')).toMatchObject({
      kind: 'error',
      problem: '/weights: "quality=lots": a weight is a number >= 0',
    });
    expect(parseSlashCommand('/constraint latency_p59_ms<5')).toMatchObject({
      kind: 'error',
      problem: expect.stringMatching(/unknown metric "latency_p59_ms". Did you mean "latency_p\d\d_ms"\?/),
    });
    expect(parseSlashCommand('/narrow chunk.size=big')).toMatchObject({
      kind: 'error',
      hint: 'Usage: /narrow NAME=LOW..HIGH',
    });
  });

  it('/help lists every command; /help CMD explains one', () => {
    const all = parseSlashCommand('/help');
    expect(all.kind).toBe('help');
    for (const name of [
      '/pin',
      '/exclude',
      '/weights',
      '/constraint',
      '/try',
      '/why',
      '/compare',
      '/pareto',
      '/status',
      '/budget',
      '/pause',
      '/resume',
      '/stop',
      '/export',
    ]) {
      expect((all as { text: string }).text).toContain(name);
    }
    expect(parseSlashCommand('/help try')).toEqual({ kind: 'help', text: expect.stringMatching(/^\/try NAME=VALUE/) });
  });
});
