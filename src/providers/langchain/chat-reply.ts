import type { BaseMessage } from '@langchain/core/messages';
import type { Usage } from '../../accounting/usage.js';
import { estimateCost, type PriceTable } from '../../llm/price-table.js';
import { estimateTokens } from '../../llm/usage-ledger.js';

/** A LangChain chat reply as tune-rag accounts for it: its text and what it used. */
export interface ChatReply {
  text: string;
  usage: Usage;
}

/**
 * Reads a BaseChatModel's reply: the text of its content (string, or the text parts of a content
 * array), and token usage from `usage_metadata` (LangChain's standard field), else
 * `response_metadata.tokenUsage` or `.usage` (older and provider-specific shapes), else a
 * length-based estimate, as the LLM client does for servers that report none. Priced by `prices`
 * under `priceModel` (null = unknown price). One parser for generators and judges alike.
 */
export function readChatReply(options: {
  message: BaseMessage;
  promptText: string;
  priceModel: string | null;
  prices: PriceTable;
}): ChatReply {
  const { message } = options;
  const text = contentText(message.content);
  const reported = reportedTokens(message);
  const promptTokens = reported?.prompt ?? estimateTokens(options.promptText);
  const completionTokens = reported?.completion ?? estimateTokens(text);
  return {
    text,
    usage: priceTokens({ promptTokens, completionTokens, priceModel: options.priceModel, prices: options.prices }),
  };
}

/** Token counts priced under `priceModel` (null model or a model missing from the table: cost unknown). */
export function priceTokens(options: {
  promptTokens: number;
  completionTokens: number;
  priceModel: string | null;
  prices: PriceTable;
}): Usage {
  const { promptTokens, completionTokens, priceModel, prices } = options;
  const costUsd =
    priceModel === null ? null : estimateCost({ model: priceModel, promptTokens, completionTokens, prices });
  return { promptTokens, completionTokens, costUsd };
}

/** The model name a LangChain model carries (`model`, or the older `modelName`), for the price table. */
export function modelNameOf(model: object): string | null {
  const { model: name, modelName } = model as { model?: unknown; modelName?: unknown };
  if (typeof name === 'string') return name;
  return typeof modelName === 'string' ? modelName : null;
}

function contentText(content: BaseMessage['content']): string {
  if (typeof content === 'string') return content;
  return content
    .map((part) =>
      typeof part === 'string' ? part : part.type === 'text' && typeof part.text === 'string' ? part.text : '',
    )
    .join('');
}

function reportedTokens(message: BaseMessage): { prompt: number; completion: number } | null {
  const usage = (message as { usage_metadata?: { input_tokens?: number; output_tokens?: number } }).usage_metadata;
  if (usage && typeof usage.input_tokens === 'number' && typeof usage.output_tokens === 'number')
    return { prompt: usage.input_tokens, completion: usage.output_tokens };
  const meta = message.response_metadata as Record<string, unknown> | undefined;
  const tokenUsage = meta?.tokenUsage as { promptTokens?: number; completionTokens?: number } | undefined;
  if (typeof tokenUsage?.promptTokens === 'number' && typeof tokenUsage.completionTokens === 'number')
    return { prompt: tokenUsage.promptTokens, completion: tokenUsage.completionTokens };
  const raw = meta?.usage as { prompt_tokens?: number; completion_tokens?: number } | undefined;
  if (typeof raw?.prompt_tokens === 'number' && typeof raw.completion_tokens === 'number')
    return { prompt: raw.prompt_tokens, completion: raw.completion_tokens };
  return null;
}
