import type { Usage } from '../accounting/usage.js';
import type { ChatRequest, ChatResult } from './chat-types.js';

/**
 * What answer generators, judges and structured output need of a chat endpoint. LlmClient is one
 * (OpenAI-compatible servers); LangchainChatClient is another (any LangChain.js BaseChatModel), so
 * one prompt-and-parse path serves both.
 */
export interface ChatClient {
  readonly endpoint: {
    /** For messages, e.g. `openai:gpt-4o-mini` or `langchain:my-model`. */
    readonly spec: string;
    /** The model (or, for LangChain.js components, the component's name). */
    readonly model: string;
    /** What replies depend on besides the request; part of the generate stage's key. */
    readonly cacheIdentity: string;
    /** Whether `response_format: json_schema` is honoured; else the schema goes into the prompt. */
    readonly supportsJsonSchema: boolean;
  };
  /** Throws only SpendCapReachedError and AccessDeniedError; every other failure is a value. */
  chat(request: ChatRequest): Promise<ChatResult>;
  /** `usage` priced by the price table in force (stage-cache hits go through it). */
  priceUsage(usage: Usage): Usage;
}
