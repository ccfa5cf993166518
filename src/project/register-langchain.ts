import { ComponentCalls } from '../llm/component-calls.js';
import { DEFAULT_PRICES, lookupPrice, type PriceTable } from '../llm/price-table.js';
import { TuneRagError, optionRef } from '../errors.js';
import { modelNameOf } from '../providers/langchain/chat-reply.js';
import type { ComponentParameter } from '../providers/component-parameter.js';
import type { ComponentRegistry } from '../providers/component-registry.js';
import { LlmJudge } from '../providers/judges/llm-judge.js';
import { parameterPrefix } from '../providers/langchain/component-settings.js';
import { LangchainChatClient } from '../providers/langchain/langchain-chat-client.js';
import { LangchainEmbedderFactory } from '../providers/langchain/langchain-embedder.js';
import { LangchainGenerator } from '../providers/langchain/langchain-generator.js';
import { LangchainReranker } from '../providers/langchain/langchain-reranker.js';
import { LangchainRetriever } from '../providers/langchain/langchain-retriever.js';
import { LangchainVectorStore } from '../providers/langchain/langchain-vector-store.js';
import type { ParamGroup } from '../space/parameter-schema.js';
import type { LangchainComponents, LangchainEntry } from './langchain-project.js';

/**
 * Registers a project's LangChain.js components with `registry`, each as a value of its space
 * parameter (embedder, generator, reranker, retrieval, vector_store) with its own parameters, and
 * its judges by name. Every call of them runs through one ComponentCalls (`options.calls`, or a
 * new one with `options.maxCostUsd`), whose spend the study's cap covers. Register before the
 * workspace (and so the catalogue) is built. Returns the ComponentCalls used.
 */
export function registerLangchainComponents(
  registry: ComponentRegistry,
  components: LangchainComponents,
  options: { calls?: ComponentCalls; prices?: PriceTable; maxCostUsd?: number | null; timeoutMs?: number } = {},
): ComponentCalls {
  const calls =
    options.calls ?? new ComponentCalls({ maxCostUsd: options.maxCostUsd ?? null, timeoutMs: options.timeoutMs });
  registry.addComponentCalls(calls);
  const { prices } = options;
  if ((options.maxCostUsd ?? null) !== null)
    requirePrices([...(components.generators ?? []), ...(components.judges ?? [])], prices);
  const common = (entry: LangchainEntry, group: ParamGroup) => ({
    name: entry.name,
    version: entry.version,
    description: entry.description,
    parameters: declaredParameters(entry, group),
    calls,
  });
  for (const e of components.embedders ?? [])
    registry.registerEmbedder(
      new LangchainEmbedderFactory({
        ...common(e, 'embedder'),
        embeddings: e.embeddings,
        local: e.local,
        batchSize: e.batchSize,
      }),
    );
  for (const g of components.generators ?? [])
    registry.registerGenerator(
      new LangchainGenerator({
        ...common(g, 'generator'),
        model: g.model,
        priceModel: g.priceModel,
        maxTokens: g.maxTokens,
        prices,
      }),
    );
  for (const r of components.rerankers ?? [])
    registry.registerReranker(new LangchainReranker({ ...common(r, 'reranking'), compressor: r.compressor }));
  for (const r of components.retrievers ?? [])
    registry.registerRetriever(new LangchainRetriever({ ...common(r, 'retrieval'), create: r.create }));
  for (const v of components.vectorStores ?? [])
    registry.registerVectorStore(new LangchainVectorStore({ ...common(v, 'retrieval'), create: v.create }));
  for (const j of components.judges ?? []) {
    const client = new LangchainChatClient({
      name: j.name,
      identity: 'judge',
      model: j.model,
      calls,
      priceModel: j.priceModel,
      prices,
    });
    registry.registerJudge(j.name, new LlmJudge({ client }));
  }
  return calls;
}

/**
 * A spend cap cannot be enforced on a model without a price (as for `--llm`): say so instead of
 * letting its calls run uncapped. A model given as a function is checked by its `priceModel`.
 */
function requirePrices(entries: readonly { name: string; model: unknown; priceModel?: string }[], prices?: PriceTable) {
  for (const entry of entries) {
    const model =
      entry.priceModel ?? (typeof entry.model === 'object' && entry.model !== null ? modelNameOf(entry.model) : null);
    if (model !== null && lookupPrice(model, prices ?? DEFAULT_PRICES)) continue;
    throw new TuneRagError(
      'config',
      `${optionRef('maxCost')} needs the price of LangChain.js model "${entry.name}"${model === null ? ' (its model name is unknown)' : ` (model "${model}" is not in the price table)`}`,
      {
        hint: `set its priceModel to a priced model name, or pass ${optionRef('prices')} FILE with {"${model ?? entry.name}": {"inputPer1M": <usd>, "outputPer1M": <usd>}}, or drop ${optionRef('maxCost')}`,
      },
    );
  }
}

/** An entry's `params` as space parameters `<name>.<knob>` in the component's group. */
function declaredParameters(entry: LangchainEntry, group: ParamGroup): ComponentParameter[] {
  const prefix = parameterPrefix(entry.name);
  return Object.entries(entry.params ?? {}).map(([knob, p]) => {
    const name = `${prefix}${knob}`;
    const description = p.description ?? `${knob} of ${entry.name}`;
    const definition =
      p.type === 'categorical'
        ? { name, group, description, type: p.type, values: p.values }
        : { name, group, description, type: p.type, low: p.low, high: p.high, log: p.log ?? false };
    return { knob, definition, default: p.default };
  });
}
