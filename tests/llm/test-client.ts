import { LlmClient, type LlmClientOptions } from '../../src/llm/llm-client.js';
import { resolveLlmEndpoint } from '../../src/llm/llm-endpoint.js';
import type { LoopbackServer } from '../support/loopback-openai-server.js';

export const TEST_KEY = 'sk-test-SECRET-0123456789abcdef';

/** A client on the loopback server with millisecond backoff so retry tests stay fast. */
export function testClient(
  server: LoopbackServer,
  options: Partial<LlmClientOptions> & { model?: string } = {},
): LlmClient {
  const endpoint = resolveLlmEndpoint({
    spec: `openai:${options.model ?? 'gpt-4o-mini'}`,
    env: { OPENAI_API_KEY: TEST_KEY, OPENAI_BASE_URL: server.baseURL },
  });
  return new LlmClient({
    endpoint,
    timeoutMs: 2_000,
    retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 5_000 },
    ...options,
  });
}
