import { LangchainComponent, type LangchainComponentOptions } from './component-identity.js';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Usage } from '../../accounting/usage.js';
import type { CallTiming } from '../../accounting/call-timing.js';
import { stableHash } from '../../json/canonical-json.js';
import { DEFAULT_PRICES, type PriceTable } from '../../llm/price-table.js';
import type { GenerationContext, Generator } from '../generator.js';
import { OpenAiGenerator } from '../remote/openai-generator.js';
import { PerSettings, type BySettings, type ComponentSettings } from './component-settings.js';
import { modelNameOf, priceTokens } from './chat-reply.js';
import { LangchainChatClient } from './langchain-chat-client.js';

/** A BaseChatModel registered as generator `name`, optionally built from its own parameters. */
export interface LangchainGeneratorOptions extends LangchainComponentOptions {
  model: BySettings<BaseChatModel>;
  priceModel?: string;
  prices?: PriceTable;
  maxTokens?: number;
}

/**
 * A LangChain.js chat model as an answer generator: the prompt template and answer extraction of
 * the OpenAI-compatible generator (one prompt-and-parse path), the call through LangchainChatClient.
 * Not `local`, so `prompt` applies to it; `temperature` does not (a BaseChatModel takes none per
 * call: declare it as the component's own parameter and build the model from it instead).
 */
export class LangchainGenerator extends LangchainComponent implements Generator {
  readonly local = false;
  readonly takesTemperature = false;
  readonly #models: PerSettings<BaseChatModel>;
  readonly #generators = new Map<string, OpenAiGenerator>();
  readonly #options: LangchainGeneratorOptions;

  constructor(options: LangchainGeneratorOptions) {
    super(options, 'generator');
    this.#options = options;
    this.#models = new PerSettings(options.model);
  }

  priceUsage(usage: Usage): Usage {
    const { priceModel, prices, model } = this.#options;
    // A model given as a function has no name before it is built: then only `priceModel` prices it.
    const name = priceModel ?? (typeof model === 'function' ? null : modelNameOf(model));
    return priceTokens({ ...usage, priceModel: name, prices: prices ?? DEFAULT_PRICES });
  }

  async generate(options: {
    question: string;
    contexts: GenerationContext[];
    prompt?: string;
    params: Record<string, unknown>;
  }): Promise<{ answer: string; usage: Usage; raw?: string; timing?: CallTiming }> {
    const settings = (options.params.settings ?? {}) as ComponentSettings;
    const key = stableHash(settings);
    let generator = this.#generators.get(key);
    if (!generator) {
      const model = await this.#models.get(settings);
      generator = new OpenAiGenerator({
        client: this.#chatClient(model, key),
        name: this.name,
        maxTokens: this.#options.maxTokens,
      });
      this.#generators.set(key, generator);
    }
    return generator.generate({ ...options, params: {} });
  }

  #chatClient(model: BaseChatModel, settingsKey: string): LangchainChatClient {
    const { calls, priceModel, prices } = this.#options;
    return new LangchainChatClient({
      name: this.name,
      identity: `${this.version}:${settingsKey}`,
      model,
      calls,
      priceModel,
      prices,
    });
  }
}
