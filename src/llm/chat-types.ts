import type { CallTiming } from '../accounting/call-timing.js';
import type { Usage } from '../accounting/usage.js';
import type { LlmError } from './llm-error.js';

/** One chat message in the OpenAI shape (tool replies included so agent loops can continue). */
export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] }
  | { role: 'tool'; content: string; tool_call_id: string };

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A function the model may call; `parameters` is a JSON schema. */
export interface ToolDefinition {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown>; strict?: boolean };
}

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; schema: Record<string, unknown>; strict?: boolean; description?: string };
    };

export interface ChatRequest {
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  responseFormat?: ResponseFormat;
  tools?: ToolDefinition[];
  /** false bypasses the cache and in-flight sharing (e.g. to draw several samples). Default true. */
  cache?: boolean;
}

/**
 * A successful reply also says how long its successful attempt took and how long was lost to
 * failed attempts and back-off before it (see CallTiming), so callers can record the latency of
 * the work apart from retry waits.
 */
export interface ChatSuccess extends CallTiming {
  ok: true;
  /** The assistant's text; '' when it only called tools. */
  text: string;
  toolCalls: ToolCall[];
  finishReason: string | null;
  /** Recorded usage; for a cache hit, the usage of the call that first produced the reply. */
  usage: Usage;
  /** True when served from the cache (no request sent, nothing spent). */
  cached: boolean;
  /** The completion as the server sent it (null for cache hits). */
  raw: unknown;
}

export type ChatResult = ChatSuccess | { ok: false; error: LlmError };

export interface EmbedRequest {
  inputs: string[];
  model: string;
  dimensions?: number;
  cache?: boolean;
}

export type EmbedResult =
  | ({ ok: true; vectors: number[][]; usage: Usage; cached: boolean; raw: unknown } & CallTiming)
  | { ok: false; error: LlmError };
