import { describe, expect, it } from 'vitest';
import { LlmClient } from '../../../src/llm/llm-client.js';
import { resolveLlmEndpoint } from '../../../src/llm/llm-endpoint.js';
import { OpenAiEmbedderFactory } from '../../../src/providers/remote/openai-embedder.js';
import { OpenAiGenerator } from '../../../src/providers/remote/openai-generator.js';
import { LlmReranker } from '../../../src/providers/remote/llm-reranker.js';

const KEY = 'sk-versions-SECRET-0123456789';
const client = (spec: string, baseURL: string) =>
  new LlmClient({ endpoint: resolveLlmEndpoint({ spec, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: baseURL } }) });

/** The stage keys read component names and versions: the version is what tells servers apart. */
describe('LLM component versions', () => {
  it('name the provider and base URL origin, so the same model elsewhere gets other stage keys; never the key', () => {
    const here = client('vllm:llama-3', 'http://10.0.0.1:8000/v1');
    const there = client('vllm:llama-3', 'http://10.0.0.2:8000/v1');
    const samePlace = client('vllm:llama-3', 'http://10.0.0.1:8000/other-path');
    const asCompatible = client('compatible:llama-3', 'http://10.0.0.1:8000/v1');
    const versions = (c: LlmClient) => [
      new OpenAiGenerator({ client: c }).version,
      new LlmReranker({ client: c }).version,
      new OpenAiEmbedderFactory({ client: c, model: 'bge-small' }).version,
    ];
    expect(versions(here)).toEqual([
      'llm-generator-2:vllm@http://10.0.0.1:8000:llama-3',
      'llm-rerank-3:vllm@http://10.0.0.1:8000:llama-3:1000',
      'llm-embed-2:vllm@http://10.0.0.1:8000:native',
    ]);
    expect(versions(samePlace)).toEqual(versions(here));
    for (const other of [there, asCompatible]) {
      const [a, b, c] = versions(other);
      const [x, y, z] = versions(here);
      expect([a === x, b === y, c === z]).toEqual([false, false, false]);
    }
    expect(JSON.stringify([here, there].map(versions))).not.toContain(KEY);
  });
});
