import type { BaseRetrieverInterface } from '@langchain/core/retrievers';
import type { VectorStoreInterface } from '@langchain/core/vectorstores';
import { settingsOf } from '../../providers/component-parameter.js';
import type { LangchainRetriever } from '../../providers/langchain/langchain-retriever.js';
import type { LangchainVectorStore } from '../../providers/langchain/langchain-vector-store.js';
import { stableHash } from '../../json/canonical-json.js';
import type { DenseRetriever } from '../corpus-artifacts.js';
import type { StageContext } from '../question-stage.js';
import { chunkText } from './embed-stage.js';

/** A registered retriever built over the configuration's chunks, with the text-to-chunk map it needs. */
export interface LoadedRetriever {
  component: LangchainRetriever;
  retriever: BaseRetrieverInterface;
  byText: ReadonlyMap<string, number>;
}

/** A registered vector store loaded with the configuration's vectors. */
export interface LoadedVectorStore {
  component: LangchainVectorStore;
  store: VectorStoreInterface;
}

/**
 * The registered retriever `retrieval` names, built once per chunk set and settings and kept in
 * memory beside the corpus artifacts; null for built-in retrieval.
 */
export async function loadRegisteredRetriever(context: StageContext): Promise<LoadedRetriever | null> {
  const found = registeredRetrieverOf(context);
  if (!found) return null;
  const { component, settings, key } = found;
  const { config, keys, artifacts } = context;
  const { chunks } = await artifacts.chunks(config, keys);
  // Loaded on first use (here and below): @langchain/core is only needed with a registered component.
  const { chunkDocuments, indexByText } = await import('../../providers/langchain/chunk-documents.js');
  const retriever = await artifacts.shared(key, () => component.build(chunkDocuments(chunks), settings));
  return { component, retriever, byText: indexByText(chunks.map((c) => c.text)) };
}

/**
 * The registered vector store `vector_store` names, loaded with the dense index's vectors once per
 * embedding and settings; null for the built-in index.
 */
export async function loadRegisteredVectorStore(
  context: StageContext,
  dense: DenseRetriever,
): Promise<LoadedVectorStore | null> {
  const found = registeredVectorStoreOf(context);
  if (!found) return null;
  const { component, settings, key } = found;
  const { config, keys, artifacts } = context;
  const { chunks } = await artifacts.chunks(config, keys);
  const { EmbedderEmbeddings } = await import('../../providers/langchain/embedder-embeddings.js');
  const store = await artifacts.shared(key, () =>
    component.build({
      vectors: dense.vectors,
      chunks: chunks.map((c) => ({ ...c, text: chunkText(c) })),
      embeddings: new EmbedderEmbeddings(dense.embedder),
      dimensions: dense.vectors[0]?.length ?? dense.embedder.dimensions,
      settings,
    }),
  );
  return { component, store };
}

/**
 * Keys of the in-memory artifacts (registered retriever, vector store) a configuration's retrieval
 * uses, without building them: their build time is part of its index build cost.
 */
export function registeredArtifactKeys(context: StageContext): string[] {
  const mode = context.config.retrieval;
  const store = mode === 'dense' || mode === 'hybrid' ? registeredVectorStoreOf(context) : null;
  return [registeredRetrieverOf(context)?.key, store?.key].filter((key): key is string => key !== undefined);
}

function registeredRetrieverOf(context: StageContext) {
  const { config, values, keys, components } = context;
  const component = components.retriever?.(config.retrieval) ?? null;
  if (!component) return null;
  const settings = settingsOf(component, values);
  return {
    component,
    settings,
    key: `${keys.chunk}:retriever:${component.name}@${component.version}:${stableHash(settings)}`,
  };
}

function registeredVectorStoreOf(context: StageContext) {
  const { values, keys, components } = context;
  const name = typeof values.vector_store === 'string' ? values.vector_store : undefined;
  const component = components.vectorStore?.(name) ?? null;
  if (!component) return null;
  const settings = settingsOf(component, values);
  return {
    component,
    settings,
    key: `${keys.denseIndex}:vector-store:${component.name}@${component.version}:${stableHash(settings)}`,
  };
}
