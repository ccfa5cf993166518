import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/stats/seeded-random.js';
import { schemaFollowingReplies, startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { randomSchemaInstance } from '../support/random-schema-instance.js';

const SCHEMA = {
  type: 'object',
  properties: {
    pick: { enum: ['a', 'b', 3] },
    fixed: { const: 'only' },
    n: { type: 'integer', minimum: 2, maximum: 10, multipleOf: 2 },
    x: { type: 'number', exclusiveMinimum: 0, maximum: 0.5 },
    maybe: { anyOf: [{ type: 'boolean' }, { type: 'null' }] },
    nullable: { type: 'string', nullable: true, minLength: 3, maxLength: 8 },
    ids: {
      type: 'array',
      items: { type: 'integer', minimum: 1, maximum: 4 },
      minItems: 4,
      maxItems: 4,
      uniqueItems: true,
    },
    optional: { type: 'string' },
  },
  required: ['pick', 'fixed', 'n', 'x', 'maybe', 'nullable', 'ids'],
};

describe('random instances of a JSON schema (the schema-following test model)', () => {
  it('every instance satisfies enum, const, bounds, multipleOf, lengths, uniqueness and required; open choices vary', () => {
    const random = mulberry32(5);
    const seen = { nullMaybe: 0, nullString: 0, optional: 0, picks: new Set<unknown>() };
    for (let i = 0; i < 400; i++) {
      const v = randomSchemaInstance(SCHEMA, random) as Record<string, unknown>;
      expect(['a', 'b', 3]).toContain(v.pick);
      expect(v.fixed).toBe('only');
      expect([2, 4, 6, 8, 10]).toContain(v.n);
      expect(v.x as number).toBeGreaterThan(0);
      expect(v.x as number).toBeLessThanOrEqual(0.5);
      expect([true, false, null]).toContain(v.maybe);
      if (v.nullable === null) seen.nullString++;
      else {
        expect((v.nullable as string).length).toBeGreaterThanOrEqual(3);
        expect((v.nullable as string).length).toBeLessThanOrEqual(8);
      }
      expect([...(v.ids as number[])].sort()).toEqual([1, 2, 3, 4]);
      if (v.maybe === null) seen.nullMaybe++;
      if ('optional' in v) seen.optional++;
      seen.picks.add(v.pick);
    }
    expect(seen.picks.size).toBe(3);
    for (const count of [seen.nullMaybe, seen.nullString, seen.optional]) expect(count).toBeGreaterThan(40);
    expect(randomSchemaInstance({ type: 'object' }, random)).toEqual({}); // an open map's smallest valid form
  });

  it('is fixed by its seed', () => {
    const draw = (seed: number) =>
      Array.from(
        { length: 5 },
        (
          (r) => () =>
            randomSchemaInstance(SCHEMA, r)
        )(mulberry32(seed)),
      );
    expect(draw(9)).toEqual(draw(9));
    expect(draw(9)).not.toEqual(draw(10));
  });
});

describe('loopback server, schema-following mode', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer();
    server.setFallback('chat', schemaFollowingReplies({ seed: 1 }));
  });
  afterAll(async () => {
    await server.stop();
  });
  const post = async (body: Record<string, unknown>) => {
    const res = await fetch(`${server.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [], ...body }),
    });
    return (
      (await res.json()) as {
        choices: Array<{
          message: { content: string | null; tool_calls?: Array<{ function: { name: string; arguments: string } }> };
        }>;
      }
    ).choices[0].message;
  };

  it('answers json_schema requests with a valid instance, tool requests with a valid call, anything else with text', async () => {
    const schema = {
      type: 'object',
      properties: {
        ranking: {
          type: 'array',
          items: { type: 'integer', minimum: 1, maximum: 3 },
          minItems: 3,
          maxItems: 3,
          uniqueItems: true,
        },
      },
      required: ['ranking'],
    };
    const structured = await post({
      response_format: { type: 'json_schema', json_schema: { name: 'r', schema, strict: true } },
    });
    expect([...(JSON.parse(structured.content!) as { ranking: number[] }).ranking].sort()).toEqual([1, 2, 3]);
    const tools = [
      {
        type: 'function',
        function: {
          name: 'set_budget',
          parameters: {
            type: 'object',
            properties: { budget: { type: 'integer', minimum: 1, maximum: 9 } },
            required: ['budget'],
          },
        },
      },
    ];
    const called = await post({ tools });
    expect(called.tool_calls).toHaveLength(1);
    expect(called.tool_calls![0].function.name).toBe('set_budget');
    const args = JSON.parse(called.tool_calls![0].function.arguments) as { budget: number };
    expect(Number.isInteger(args.budget) && args.budget >= 1 && args.budget <= 9).toBe(true);
    expect((await post({})).content).toBe('ok');
  });
});
