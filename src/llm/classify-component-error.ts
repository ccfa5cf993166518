import { OpenAIError } from 'openai';
import { classifyHttpStatus, classifySdkError, type ClassifiedFailure } from './classify-sdk-error.js';
import type { LlmEndpoint } from './llm-endpoint.js';
import { LlmError } from './llm-error.js';
import { parseRetryAfter } from './retry-policy.js';

/** What a LangChain.js component's call threw when tune-rag's own per-attempt timeout fired. */
export class ComponentTimeoutError extends Error {
  constructor(ms: number) {
    super(`no reply within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * The retry decision for an error thrown by a LangChain.js component. Components wrap many
 * clients, so this reads the shapes they share: the openai SDK's own errors (ChatOpenAI rethrows
 * them) go to classifySdkError; a `TimeoutError` (ours, or LangChain's rewrap of the SDK's) is a
 * retried timeout; an error carrying an HTTP `status` (or `response.status`, as fetch-based
 * clients do) is classified by status, honouring its Retry-After headers. Anything else is the
 * component's own failure: not retried, since a retry repeats it, but counted like any failed call.
 */
export function classifyComponentError(options: {
  error: unknown;
  endpoint: LlmEndpoint;
  attempts: number;
}): ClassifiedFailure {
  const { error, endpoint, attempts } = options;
  if (error instanceof OpenAIError) return classifySdkError(options);
  const message = (text: string) => endpoint.redact(`${endpoint.spec}: ${text}`);
  const text = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === 'TimeoutError') {
    return {
      error: new LlmError({ code: 'timeout', message: message(`timed out: ${text}`), attempts }),
      retryable: true,
      retryAfterMs: null,
    };
  }
  const status = statusOf(error);
  if (status !== null) {
    return classifyHttpStatus({
      status,
      text: message(`HTTP ${status}: ${text}`),
      retryAfterMs: parseRetryAfter(headersOf(error)),
      attempts,
    });
  }
  return {
    error: new LlmError({ code: 'server', message: message(`failed: ${text}`), attempts }),
    retryable: false,
    retryAfterMs: null,
  };
}

function statusOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const own = (error as { status?: unknown }).status;
  if (typeof own === 'number' && own >= 400) return own;
  const nested = (error as { response?: { status?: unknown } }).response?.status;
  return typeof nested === 'number' && nested >= 400 ? nested : null;
}

/** The error's response headers as a Headers object (fetch Headers or a plain record). */
function headersOf(error: unknown): Headers | undefined {
  const raw =
    (error as { headers?: unknown }).headers ?? (error as { response?: { headers?: unknown } }).response?.headers;
  if (raw instanceof Headers) return raw;
  if (typeof raw !== 'object' || raw === null) return undefined;
  const entries = Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return new Headers(entries);
}
