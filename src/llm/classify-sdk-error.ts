import { APIConnectionError, APIConnectionTimeoutError, APIError, OpenAIError } from 'openai';
import type { LlmEndpoint } from './llm-endpoint.js';
import { LlmError } from './llm-error.js';
import { parseRetryAfter } from './retry-policy.js';

/** What the retry loop needs to know about one failed attempt. */
export interface ClassifiedFailure {
  error: LlmError;
  retryable: boolean;
  /** The server's Retry-After in ms, when it sent one. */
  retryAfterMs: number | null;
  /**
   * The connection closed under the request before any reply (ECONNRESET, EPIPE, undici's
   * "other side closed"): what a kept-alive socket the server had just closed looks like
   * (undici#3492). Worth one immediate re-send on a fresh connection, not a sign of an outage.
   */
  connectionClosed?: boolean;
}

const CLOSED_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/** Whether the cause chain of a connection error says the socket was closed under the request. */
function closedUnderRequest(cause: unknown): boolean {
  for (let c = cause, depth = 0; c instanceof Error && depth < 4; c = c.cause, depth++) {
    const code = (c as { code?: unknown }).code;
    if ((typeof code === 'string' && CLOSED_CONNECTION_CODES.has(code)) || /other side closed/i.test(c.message))
      return true;
  }
  return false;
}

/**
 * Maps an exception from the openai SDK to an LlmError code and a retry decision. Retried:
 * 429, 5xx, 408/409, timeouts and connection failures. Other 4xx are configuration problems
 * (bad key, unknown model, bad request) that no retry fixes. Messages are redacted because some
 * servers echo (part of) the key in 401 bodies.
 *
 * Errors that do not come from the SDK are bugs and are rethrown.
 */
export function classifySdkError(options: {
  error: unknown;
  endpoint: LlmEndpoint;
  attempts: number;
}): ClassifiedFailure {
  const { error, endpoint, attempts } = options;
  const message = (text: string) => endpoint.redact(`${endpoint.spec}: ${text}`);
  if (error instanceof APIConnectionTimeoutError) {
    return {
      error: new LlmError({ code: 'timeout', message: message('request timed out'), attempts }),
      retryable: true,
      retryAfterMs: null,
    };
  }
  if (error instanceof APIConnectionError) {
    const cause = causeChain(error.cause);
    return {
      error: new LlmError({ code: 'network', message: message(`cannot reach ${endpoint.baseURL}${cause}`), attempts }),
      retryable: true,
      retryAfterMs: null,
      connectionClosed: closedUnderRequest(error.cause),
    };
  }
  if (error instanceof APIError) {
    return classifyHttpStatus({
      status: error.status ?? 0,
      text: message(`HTTP ${error.status ?? 0}: ${error.message}`),
      retryAfterMs: parseRetryAfter(error.headers),
      attempts,
    });
  }
  if (error instanceof OpenAIError) {
    return {
      error: new LlmError({ code: 'network', message: message(error.message), attempts }),
      retryable: false,
      retryAfterMs: null,
    };
  }
  throw error;
}

/**
 * The retry decision for an HTTP error status: 429, 5xx, 408 and 409 are retried (honouring the
 * server's Retry-After), other 4xx are configuration problems no retry fixes. `text` is the
 * (already redacted) message.
 */
export function classifyHttpStatus(options: {
  status: number;
  text: string;
  retryAfterMs: number | null;
  attempts: number;
}): ClassifiedFailure {
  const { status, text, retryAfterMs, attempts } = options;
  if (status === 429)
    return {
      error: new LlmError({ code: 'rate_limited', message: text, status, attempts }),
      retryable: true,
      retryAfterMs,
    };
  if (status >= 500 || status === 409) {
    return {
      error: new LlmError({ code: 'server', message: text, status, attempts }),
      retryable: true,
      retryAfterMs,
    };
  }
  if (status === 408)
    return {
      error: new LlmError({ code: 'timeout', message: text, status, attempts }),
      retryable: true,
      retryAfterMs,
    };
  return {
    error: new LlmError({ code: 'config', message: text, status, attempts }),
    retryable: false,
    retryAfterMs: null,
  };
}

/**
 * "fetch failed" alone says nothing; the reason is one or two causes down (undici's SocketError
 * "other side closed", ECONNREFUSED, ...). Returns ": fetch failed (other side closed,
 * UND_ERR_SOCKET)" or "" when there is no cause.
 */
function causeChain(cause: unknown): string {
  const parts: string[] = [];
  for (let c = cause, depth = 0; c instanceof Error && depth < 4; c = c.cause, depth++) {
    const code = (c as { code?: unknown }).code;
    parts.push(typeof code === 'string' && !c.message.includes(code) ? `${c.message}, ${code}` : c.message);
  }
  if (parts.length === 0) return '';
  return `: ${parts[0]}${parts.length > 1 ? ` (${parts.slice(1).join('; ')})` : ''}`;
}
