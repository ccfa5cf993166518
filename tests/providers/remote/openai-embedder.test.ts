import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenAiEmbedderFactory } from '../../../src/providers/remote/openai-embedder.js';
import { startLoopbackServer, type LoopbackServer } from '../../support/loopback-openai-server.js';
import { testClient } from '../../llm/test-client.js';

describe('OpenAiEmbedderFactory', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await startLoopbackServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('batches inputs, requests the dimensions and returns unit vectors in order', async () => {
    const factory = new OpenAiEmbedderFactory({
      client: testClient(server),
      model: 'text-embedding-3-small',
      dimensions: 16,
      batchSize: 4,
    });
    expect(factory.name).toBe('llm-embed:text-embedding-3-small');
    expect(factory.local).toBe(false);
    expect(factory.dimensions).toBe(16);
    const embedder = await factory.create({ corpus: [] });
    const texts = Array.from({ length: 10 }, (_, i) => `text number ${i}`);
    const { vectors, usage } = await embedder.embed(texts, 'document');
    const batches = server.requests.filter((r) => r.route === 'embeddings');
    expect(batches.map((r) => (r.body.input as string[]).length)).toEqual([4, 4, 2]);
    expect(batches.every((r) => r.body.dimensions === 16 && r.body.model === 'text-embedding-3-small')).toBe(true);
    expect(vectors).toHaveLength(10);
    for (const v of vectors) {
      expect(v.length).toBe(16);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
    expect(embedder.dimensions).toBe(16);
    expect(embedder.state()).toBeNull();
    expect(usage.promptTokens).toBeGreaterThan(0);
    expect(usage.costUsd).toBeGreaterThan(0);
    // Same text, same vector (the query side must match the document side).
    const again = await embedder.embed(['text number 3'], 'query');
    expect(Array.from(again.vectors[0])).toEqual(Array.from(vectors[3]));
  });

  it('reports the native size of known models and the vector size after a reply', async () => {
    expect(new OpenAiEmbedderFactory({ client: testClient(server), model: 'text-embedding-3-large' }).dimensions).toBe(
      3072,
    );
    const unknown = new OpenAiEmbedderFactory({ client: testClient(server), model: 'nomic-embed-text' });
    expect(unknown.dimensions).toBe(0);
    const embedder = await unknown.create({ corpus: [] });
    await embedder.embed(['a'], 'query');
    expect(embedder.dimensions).toBe(8); // the loopback server's default size
  });

  it('throws the client error message when a batch fails', async () => {
    server.enqueue('embeddings', { kind: 'error', status: 400, message: 'input too long' });
    const embedder = await new OpenAiEmbedderFactory({
      client: testClient(server),
      model: 'text-embedding-3-small',
      dimensions: 8,
    }).create({ corpus: [] });
    await expect(embedder.embed(['x'], 'document')).rejects.toThrow(/input too long/);
  });
});
