import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TuneRagError } from '../../src/errors.js';
import { OLLAMA_DEFAULT_BASE_URL, resolveLlmEndpoint } from '../../src/llm/llm-endpoint.js';

const KEY = 'sk-endpoint-SECRET-abcdef123456';

describe('resolveLlmEndpoint', () => {
  it('resolves openai with env key and base URL', () => {
    const e = resolveLlmEndpoint({
      spec: 'openai:gpt-4o-mini',
      env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    });
    expect(e.provider).toBe('openai');
    expect(e.model).toBe('gpt-4o-mini');
    expect(e.baseURL).toBe('http://127.0.0.1:9/v1');
    expect(e.supportsJsonSchema).toBe(true);
    expect(e.apiKeyForTransport()).toBe(KEY);
  });

  it('keeps colons in ollama model names and uses the local default URL', () => {
    const e = resolveLlmEndpoint({ spec: 'ollama:qwen2.5:7b', env: {} });
    expect(e.model).toBe('qwen2.5:7b');
    expect(e.baseURL).toBe(OLLAMA_DEFAULT_BASE_URL);
    expect(e.supportsJsonSchema).toBe(false);
  });

  it('resolves azure from its three env vars, defaulting the API version', () => {
    const e = resolveLlmEndpoint({
      spec: 'azure:my-deploy',
      env: { AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com', AZURE_OPENAI_API_KEY: KEY },
    });
    expect(e.model).toBe('my-deploy');
    expect(e.apiVersion).toMatch(/^\d{4}-\d{2}-\d{2}/);
  });

  it.each([
    ['openai:gpt-4o', {}, 'OPENAI_API_KEY'],
    ['azure:d', { AZURE_OPENAI_API_KEY: KEY }, 'AZURE_OPENAI_ENDPOINT'],
    ['azure:d', { AZURE_OPENAI_ENDPOINT: 'https://x' }, 'AZURE_OPENAI_API_KEY'],
    ['vllm:m', {}, 'OPENAI_BASE_URL'],
    ['llamacpp:m', {}, 'OPENAI_BASE_URL'],
    ['compatible:m', {}, 'OPENAI_BASE_URL'],
  ])('%s without %j names the missing variable', (spec, env, name) => {
    expect(() => resolveLlmEndpoint({ spec, env })).toThrow(TuneRagError);
    expect(() => resolveLlmEndpoint({ spec, env })).toThrow(name);
  });

  it('rejects unknown providers and missing models', () => {
    expect(() => resolveLlmEndpoint({ spec: 'claude:x', env: {} })).toThrow(/unknown provider/);
    expect(() => resolveLlmEndpoint({ spec: 'openai', env: { OPENAI_API_KEY: KEY } })).toThrow(/no model/);
  });

  it('never shows the key in JSON, inspect or string forms, and redacts it', () => {
    const e = resolveLlmEndpoint({ spec: 'openai:gpt-4o', env: { OPENAI_API_KEY: KEY } });
    expect(JSON.stringify(e)).not.toContain(KEY);
    expect(inspect(e, { showHidden: true, depth: 5 })).not.toContain(KEY);
    expect(String(e) + Object.values(e).join(' ')).not.toContain(KEY);
    expect(e.redact(`bad key ${KEY}!`)).toBe('bad key ***!');
  });

  it('names provider, base URL origin and model in its cache identity, never the key or URL user info', () => {
    const e = resolveLlmEndpoint({
      spec: 'vllm:llama-3',
      env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `http://user:${KEY}@10.1.2.3:8000/v1?token=${KEY}` },
    });
    expect(e.origin).toBe('http://10.1.2.3:8000');
    expect(e.cacheIdentity).toBe('vllm@http://10.1.2.3:8000:llama-3');
    const ollama = resolveLlmEndpoint({ spec: 'ollama:qwen2.5:7b', env: {} });
    expect(ollama.cacheIdentity).toBe('ollama@http://127.0.0.1:11434:qwen2.5:7b');
  });
});
