import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateObject } from '../../src/llm/structured-output.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { testClient } from './test-client.js';

const Proposal = z.object({ topK: z.number().int().min(1), rationale: z.string() });
const messages = [{ role: 'user' as const, content: 'propose a config' }];

describe('generateObject', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await startLoopbackServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('sends the zod schema as json_schema and returns the validated object', async () => {
    server.enqueue('chat', { kind: 'json', value: { topK: 5, rationale: 'more context' } });
    const r = await generateObject({ client: testClient(server), schema: Proposal, messages, schemaName: 'proposal' });
    expect(r).toMatchObject({ ok: true, object: { topK: 5, rationale: 'more context' }, repaired: false });
    const format = server.requests[0].body.response_format as {
      type: string;
      json_schema: { name: string; schema: { properties: object } };
    };
    expect(format.type).toBe('json_schema');
    expect(format.json_schema.name).toBe('proposal');
    expect(Object.keys(format.json_schema.schema.properties)).toEqual(['topK', 'rationale']);
  });

  it('sends a given JSON schema instead of the derived one, with strict: true when asked; zod still validates the reply', async () => {
    const sent = {
      type: 'object',
      properties: { topK: { type: 'integer', minimum: 1, maximum: 9 }, rationale: { type: 'string' } },
      required: ['topK', 'rationale'],
      additionalProperties: false,
    };
    server.enqueue(
      'chat',
      { kind: 'json', value: { topK: 0, rationale: 'none' } },
      { kind: 'json', value: { topK: 4, rationale: 'r' } },
    );
    server.setFallback('chat', () => ({ kind: 'json', value: { topK: 2, rationale: 'r' } }));
    const r = await generateObject({
      client: testClient(server),
      schema: Proposal,
      jsonSchema: sent,
      strict: true,
      messages,
      schemaName: 'proposal',
    });
    expect(r).toMatchObject({ ok: true, object: { topK: 4, rationale: 'r' }, repaired: true });
    expect(server.requests[0].body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'proposal', schema: sent, strict: true },
    });
    // Without strict the flag is not sent at all (some servers reject unknown values).
    await generateObject({
      client: testClient(server),
      schema: Proposal,
      messages: [{ role: 'user', content: 'again' }],
      schemaName: 'proposal',
    });
    expect((server.requests[2].body.response_format as { json_schema: object }).json_schema).not.toHaveProperty(
      'strict',
    );
    // JSON mode shows the given schema in the prompt.
    await generateObject({
      client: testClient(server),
      schema: Proposal,
      jsonSchema: sent,
      messages: [{ role: 'user', content: 'json mode' }],
      useJsonSchema: false,
    });
    expect(JSON.stringify(server.requests[3].body.messages)).toContain('\\"maximum\\":9');
  });

  it('falls back to JSON mode with the schema in the prompt', async () => {
    server.enqueue('chat', { kind: 'json', value: { topK: 3, rationale: 'r' } });
    const r = await generateObject({ client: testClient(server), schema: Proposal, messages, useJsonSchema: false });
    expect(r.ok).toBe(true);
    const body = server.requests[0].body as { response_format: { type: string }; messages: Array<{ content: string }> };
    expect(body.response_format).toEqual({ type: 'json_object' });
    // The schema leads as the only system message: chat templates reject a system message after a user one.
    expect(body.messages.map((m) => (m as { role: string }).role)).toEqual(['system', 'user']);
    expect(body.messages[0].content).toMatch(
      /^Reply with one JSON object only, matching this JSON schema:\n\{.*"topK"/,
    );
    expect(body.messages[1]).toEqual(messages[0]);
  });

  it('in JSON mode appends the schema to a leading system message instead of adding a second one', async () => {
    server.enqueue('chat', { kind: 'json', value: { topK: 3, rationale: 'r' } });
    const withSystem = [{ role: 'system' as const, content: 'You tune RAG pipelines.' }, ...messages];
    await generateObject({ client: testClient(server), schema: Proposal, messages: withSystem, useJsonSchema: false });
    const sent = server.requests[0].body.messages as Array<{ role: string; content: string }>;
    expect(sent.map((m) => m.role)).toEqual(['system', 'user']);
    expect(sent[0].content).toMatch(
      /^You tune RAG pipelines\.\n\nReply with one JSON object only, matching this JSON schema:\n/,
    );
  });

  it('repairs malformed JSON on the second call, sending the error and the bad text back', async () => {
    server.enqueue(
      'chat',
      { kind: 'raw', content: '{"topK": 5, "rationale": ', promptTokens: 10, completionTokens: 5 },
      { kind: 'json', value: { topK: 5, rationale: 'fixed' }, promptTokens: 20, completionTokens: 6 },
    );
    const r = await generateObject({ client: testClient(server), schema: Proposal, messages });
    expect(r).toMatchObject({ ok: true, object: { topK: 5, rationale: 'fixed' }, repaired: true });
    if (r.ok) expect(r.usage).toMatchObject({ promptTokens: 30, completionTokens: 11 });
    const repair = server.requests[1].body.messages as Array<{ role: string; content: string }>;
    expect(repair.at(-2)).toEqual({ role: 'assistant', content: '{"topK": 5, "rationale": ' });
    expect(repair.at(-1)?.content).toMatch(/not valid JSON/);
  });

  it('returns invalid_output with the raw text and the usage of both calls after two wrong-schema replies', async () => {
    server.enqueue(
      'chat',
      { kind: 'json', value: { topK: 'five' }, promptTokens: 100, completionTokens: 10 },
      { kind: 'json', value: { topK: 0, rationale: 'x' }, promptTokens: 200, completionTokens: 20 },
    );
    const client = testClient(server);
    const r = await generateObject({ client, schema: Proposal, messages });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_output');
    expect(r.error.rawText).toBe('{"topK":0,"rationale":"x"}');
    expect(r.error.usage.promptTokens).toBe(300);
    expect(r.error.usage.completionTokens).toBe(30);
    expect(r.error.usage.costUsd).toBeCloseTo((300 * 0.15 + 30 * 0.6) / 1e6);
    expect(client.stats()).toMatchObject({ calls: 2, promptTokens: 300 });
    expect(server.requests).toHaveLength(2);
  });

  it('passes a refusal through as an error value', async () => {
    server.enqueue('chat', { kind: 'refusal', refusal: 'no' });
    const r = await generateObject({ client: testClient(server), schema: Proposal, messages });
    expect(r.ok || r.error.code).toBe('refusal');
    expect(server.requests).toHaveLength(1);
  });
});
