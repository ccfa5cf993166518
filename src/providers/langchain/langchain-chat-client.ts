import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import type { Usage } from '../../accounting/usage.js';
import type { ChatClient } from '../../llm/chat-client.js';
import type { ChatMessage, ChatRequest, ChatResult } from '../../llm/chat-types.js';
import type { ComponentCalls } from '../../llm/component-calls.js';
import { DEFAULT_PRICES, type PriceTable } from '../../llm/price-table.js';
import { estimateTokens } from '../../llm/usage-ledger.js';
import { modelNameOf, priceTokens, readChatReply } from './chat-reply.js';

/**
 * A LangChain.js BaseChatModel behind tune-rag's ChatClient, so the generator's prompt templates,
 * the judge and structured output work with it unchanged. Every call goes through ComponentCalls
 * (timeout, retries, breaker, accounting, spend cap). The model's own settings (temperature,
 * response format) are the model's: a generic BaseChatModel takes none per call, so `temperature`
 * and `responseFormat` of a request are not sent (the JSON schema goes into the prompt instead).
 */
export class LangchainChatClient implements ChatClient {
  readonly endpoint: ChatClient['endpoint'];
  readonly #model: BaseChatModel;
  readonly #calls: ComponentCalls;
  readonly #priceModel: string | null;
  readonly #prices: PriceTable;

  constructor(options: {
    /** The registered component name (messages say `langchain:<name>`). */
    name: string;
    /** The component's version and settings: part of the generate stage's key. */
    identity: string;
    model: BaseChatModel;
    calls: ComponentCalls;
    /** Model name in the price table; default the model's own `model` field when it has one. */
    priceModel?: string;
    prices?: PriceTable;
  }) {
    this.#model = options.model;
    this.#calls = options.calls;
    this.#prices = options.prices ?? DEFAULT_PRICES;
    this.#priceModel = options.priceModel ?? modelNameOf(options.model);
    this.endpoint = {
      spec: `langchain:${options.name}`,
      model: options.name,
      cacheIdentity: `langchain:${options.name}@${options.identity}`,
      supportsJsonSchema: false,
    };
  }

  priceUsage(usage: Usage): Usage {
    return priceTokens({ ...usage, priceModel: this.#priceModel, prices: this.#prices });
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const messages = request.messages.map(toLangchainMessage);
    const promptText = request.messages.map((m) => m.content ?? '').join('\n');
    const predictedUsd = priceTokens({
      promptTokens: estimateTokens(promptText),
      completionTokens: request.maxTokens ?? 1024,
      priceModel: this.#priceModel,
      prices: this.#prices,
    }).costUsd;
    const reply = await this.#calls.run({
      component: this.endpoint.model,
      predictedUsd,
      attempt: async (signal) => {
        const message = await this.#model.invoke(messages, { signal });
        const parsed = readChatReply({ message, promptText, priceModel: this.#priceModel, prices: this.#prices });
        return { result: parsed.text, usage: parsed.usage };
      },
    });
    if (!reply.ok) return reply;
    return {
      ok: true,
      text: reply.value,
      toolCalls: [],
      finishReason: null,
      usage: reply.usage,
      cached: false,
      raw: null,
      latencyMs: reply.latencyMs,
      retryWaitMs: reply.retryWaitMs,
      elapsedMs: reply.elapsedMs,
    };
  }
}

function toLangchainMessage(message: ChatMessage): BaseMessage {
  if (message.role === 'system') return new SystemMessage(message.content);
  if (message.role === 'assistant') return new AIMessage(message.content ?? '');
  // Tool replies only occur in the agent's loop, which does not run on LangChain models.
  return new HumanMessage(message.content);
}
