/**
 * `tune-rag/langchain`: LangChain.js components over tune-rag's own chunkers, embedders,
 * indexes, fusion, RM3, rerankers, context shaping and generators, so a module written by `tune-rag export --format
 * langchain` rebuilds the tuned pipeline with LangChain interfaces and reproduces its results.
 */
export { chunkToDocument, documentToChunk, type ChunkMetadata } from './chunk-document-view.js';
export { TuneRagTextSplitter, type TuneRagTextSplitterOptions } from './text-splitter.js';
export { TuneRagEmbeddings } from './embeddings.js';
export { TuneRagVectorStore } from './vector-store.js';
export { TuneRagBm25Retriever } from './bm25-retriever.js';
export { TuneRagFusionRetriever, type FusionRetrieverOptions } from './fusion-retriever.js';
export { TuneRagReranker, type TuneRagRerankerOptions } from './reranker-compressor.js';
export { TuneRagRm3Retriever, type Rm3RetrieverOptions } from './rm3-retriever.js';
export {
  TuneRagContextExpander,
  TuneRagLongContextReorder,
  TuneRagSentenceCompressor,
} from './context-transformers.js';
export { documentsToPassages, passageToDocument } from './passage-documents.js';
export { packContextDocuments } from './pack-context-documents.js';
export { TuneRagGenerator, type GeneratorInput } from './generator-runnable.js';
export { datasetDocuments, evaluatePipeline, type PipelineAnswer } from './evaluate-pipeline.js';
export { runExportedModule } from './run-exported-module.js';
export { RETRIEVAL_DEPTH } from '../space/catalogue.js';
export { extractAnswer, generationPrompt, generationPromptValues } from './llm-prompt.js';
