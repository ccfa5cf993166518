import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mulberry32 } from '../../src/stats/seeded-random.js';
import { randomSchemaInstance } from './random-schema-instance.js';

/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 for tests: no LLM is reachable from CI, and a
 * real socket exercises the SDK's transport (timeouts, headers, status codes) as production does.
 *
 * Replies are scripted per route: a queue of `ScriptedReply` consumed in order, then a fallback
 * function (default: a valid echo reply). Every request is recorded with its headers so tests can
 * assert what was sent (the API key) and how often.
 */

export type Route = 'chat' | 'embeddings';

export type ScriptedReply =
  | { kind: 'text'; text: string; promptTokens?: number; completionTokens?: number }
  | { kind: 'json'; value: unknown; promptTokens?: number; completionTokens?: number }
  /** Any raw string as message content, e.g. malformed JSON. */
  | { kind: 'raw'; content: string; promptTokens?: number; completionTokens?: number }
  | { kind: 'refusal'; refusal: string; promptTokens?: number; completionTokens?: number }
  /** `rawArguments` is sent verbatim (e.g. malformed JSON) instead of JSON-encoding `arguments`. */
  | { kind: 'tool_calls'; calls: Array<{ name: string; arguments?: unknown; rawArguments?: string }> }
  /** `retryAfter` is sent verbatim as the Retry-After header (seconds or an HTTP date). */
  | { kind: 'rate_limited'; retryAfter?: string }
  | { kind: 'server_error'; status?: number }
  | { kind: 'error'; status: number; message: string }
  /** Never answers; the socket is only closed by the client or by `stop()`. */
  | { kind: 'hang' }
  /** Reads the request, then destroys the socket without a reply (a server closing a kept-alive connection). */
  | { kind: 'close_socket' }
  /** Answers after `ms` with the inner reply. */
  | { kind: 'delay'; ms: number; then: ScriptedReply };

export interface RecordedRequest {
  route: Route;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  receivedAt: number;
}

export type ReplyFunction = (request: RecordedRequest, index: number) => ScriptedReply;

export interface LoopbackServer {
  /** e.g. http://127.0.0.1:43121/v1 — use as OPENAI_BASE_URL. */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Appends replies to a route's queue; they are used before the fallback. */
  enqueue(route: Route, ...replies: ScriptedReply[]): void;
  /** Replaces the fallback used once a route's queue is empty. */
  setFallback(route: Route, reply: ReplyFunction): void;
  /** Number of requests currently being handled (not yet answered). */
  inFlight(): number;
  /** The highest `inFlight()` seen since start or the last `resetStats()`. */
  maxInFlight(): number;
  /** Clears the recorded requests and restarts `maxInFlight()` from the current count. */
  resetStats(): void;
  stop(): Promise<void>;
}

/**
 * The "schema-following model" mode, for `setFallback('chat', ...)`: a request with a
 * `json_schema` response_format is answered with a seeded random instance valid against that
 * schema; a request offering tools calls one of them (drawn at random) with random arguments valid
 * against its `parameters`. It knows nothing of the product, like a constrained decoder driving a
 * model that does not understand the task. Other requests go to `otherwise` (default: text "ok").
 */
export function schemaFollowingReplies(options: { seed: number; otherwise?: ReplyFunction }): ReplyFunction {
  const random = mulberry32(options.seed);
  return (request, index) => {
    const format = request.body.response_format as { type?: string; json_schema?: { schema?: unknown } } | undefined;
    if (format?.type === 'json_schema' && format.json_schema?.schema) {
      return { kind: 'json', value: randomSchemaInstance(format.json_schema.schema, random) };
    }
    const tools = request.body.tools as Array<{ function?: { name?: string; parameters?: unknown } }> | undefined;
    if (Array.isArray(tools) && tools.length > 0) {
      const tool = tools[Math.floor(random() * tools.length)];
      return {
        kind: 'tool_calls',
        calls: [
          {
            name: tool.function?.name ?? 'unnamed',
            arguments: randomSchemaInstance(tool.function?.parameters ?? { type: 'object' }, random),
          },
        ],
      };
    }
    return (options.otherwise ?? DEFAULT_CHAT)(request, index);
  };
}

const DEFAULT_CHAT: ReplyFunction = () => ({ kind: 'text', text: 'ok' });
const DEFAULT_EMBEDDINGS: ReplyFunction = () => ({ kind: 'text', text: '' });

/** Starts a server on a random loopback port. Call `stop()` in `afterAll`/`afterEach`. */
export async function startLoopbackServer(): Promise<LoopbackServer> {
  const queues: Record<Route, ScriptedReply[]> = { chat: [], embeddings: [] };
  const fallbacks: Record<Route, ReplyFunction> = { chat: DEFAULT_CHAT, embeddings: DEFAULT_EMBEDDINGS };
  const requests: RecordedRequest[] = [];
  const counts: Record<Route, number> = { chat: 0, embeddings: 0 };
  let active = 0;
  let maxActive = 0;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '';
      const route: Route | null = url.endsWith('/chat/completions')
        ? 'chat'
        : url.endsWith('/embeddings')
          ? 'embeddings'
          : null;
      if (req.method !== 'POST' || !route)
        return sendJson(res, 404, { error: { message: `no route ${req.method} ${url}` } });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        return sendJson(res, 400, { error: { message: 'request body is not JSON' } });
      }
      const recorded: RecordedRequest = {
        route,
        method: req.method,
        url,
        headers: req.headers,
        body,
        receivedAt: Date.now(),
      };
      requests.push(recorded);
      const index = counts[route]++;
      const reply = queues[route].shift() ?? fallbacks[route](recorded, index);
      active++;
      maxActive = Math.max(maxActive, active);
      let finished = false;
      const finish = () => {
        if (!finished) {
          finished = true;
          active--;
        }
      };
      res.on('close', finish);
      respond(res, route, body, reply);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (route, ...replies) => void queues[route].push(...replies),
    setFallback: (route, reply) => void (fallbacks[route] = reply),
    inFlight: () => active,
    maxInFlight: () => maxActive,
    resetStats: () => {
      maxActive = active;
      requests.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        // Hanging replies keep sockets open; close them so stop() does not wait forever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function respond(res: ServerResponse, route: Route, body: Record<string, unknown>, reply: ScriptedReply): void {
  switch (reply.kind) {
    case 'hang':
      return;
    case 'close_socket':
      res.socket?.destroy();
      return;
    case 'delay':
      setTimeout(() => {
        if (!res.destroyed) respond(res, route, body, reply.then);
      }, reply.ms);
      return;
    case 'rate_limited': {
      const headers: Record<string, string> = reply.retryAfter === undefined ? {} : { 'retry-after': reply.retryAfter };
      return sendJson(res, 429, { error: { message: 'Rate limit reached', type: 'requests' } }, headers);
    }
    case 'server_error':
      return sendJson(res, reply.status ?? 500, { error: { message: 'The server had an error' } });
    case 'error':
      return sendJson(res, reply.status, { error: { message: reply.message } });
    default:
      return route === 'chat' ? sendJson(res, 200, chatCompletion(body, reply)) : sendJson(res, 200, embeddings(body));
  }
}

function chatCompletion(body: Record<string, unknown>, reply: ScriptedReply): unknown {
  const prompt = JSON.stringify(body.messages ?? []);
  const promptTokens = ('promptTokens' in reply && reply.promptTokens) || Math.ceil(prompt.length / 4);
  let message: Record<string, unknown>;
  let finishReason = 'stop';
  switch (reply.kind) {
    case 'text':
      message = { role: 'assistant', content: reply.text, refusal: null };
      break;
    case 'json':
      message = { role: 'assistant', content: JSON.stringify(reply.value), refusal: null };
      break;
    case 'raw':
      message = { role: 'assistant', content: reply.content, refusal: null };
      break;
    case 'refusal':
      message = { role: 'assistant', content: null, refusal: reply.refusal };
      break;
    case 'tool_calls':
      finishReason = 'tool_calls';
      message = {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: reply.calls.map((call, i) => ({
          id: `call_${i}`,
          type: 'function',
          function: { name: call.name, arguments: call.rawArguments ?? JSON.stringify(call.arguments) },
        })),
      };
      break;
    default:
      throw new Error(`unexpected reply kind ${reply.kind}`);
  }
  const content = typeof message.content === 'string' ? message.content : JSON.stringify(message);
  const completionTokens =
    ('completionTokens' in reply && reply.completionTokens) || Math.max(1, Math.ceil(content.length / 4));
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

/** Deterministic pseudo-embeddings: the same text always gives the same vector. */
function embeddings(body: Record<string, unknown>): unknown {
  const input = body.input;
  const texts = Array.isArray(input) ? (input as string[]) : [String(input)];
  const dimensions = typeof body.dimensions === 'number' ? body.dimensions : 8;
  let tokens = 0;
  const data = texts.map((text, index) => {
    tokens += Math.max(1, Math.ceil(text.length / 4));
    const vector = Array.from({ length: dimensions }, (_, d) => {
      let h = 2166136261 ^ d;
      for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
      return ((h >>> 0) % 1000) / 1000 - 0.5;
    });
    return { object: 'embedding', index, embedding: vector };
  });
  return { object: 'list', model: body.model, data, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
