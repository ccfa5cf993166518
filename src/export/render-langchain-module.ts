import type { PipelineConfig } from '../pipeline/pipeline-config.js';
import { rerankCandidates } from '../pipeline/stages/rerank-stage.js';
import { ANSWER_MAX_TOKENS } from '../providers/remote/openai-generator.js';
import { RETRIEVAL_DEPTH } from '../space/catalogue.js';
import { isLlmGenerator } from './exportable-config.js';

/**
 * The source of a runnable LangChain.js ES module that rebuilds `config` (checked by
 * exportableConfig) from `tune-rag/langchain` parts: splitter, embeddings and vector store,
 * BM25 and fusion retrievers (each fetching RETRIEVAL_DEPTH hits, as tune-rag's retrieve stage),
 * RM3 query rewriting, reranker, context expansion, compression and reordering, context
 * packing and generator. It exports `CONFIG` and `buildPipeline({documents})`;
 * run directly (`node file.mjs --dataset DIR`), it answers the dataset's questions and prints
 * JSON metrics. `header` lines become its opening comment.
 */
export function renderLangchainModule(options: {
  config: PipelineConfig;
  header: string[];
  /** The prompt template of an LLM generator (required for one). */
  prompt?: { name: string; text: string };
}): string {
  const { config, prompt } = options;
  const llm = isLlmGenerator(config.generator);
  if (llm && !prompt) throw new Error(`renderLangchainModule: ${config.generator} needs its prompt template`);
  const dense = config.retrieval !== 'bm25';
  const sparse = config.retrieval !== 'dense';
  const rm3 = config['query.rewrite'] === 'rm3';
  const shaping = contextShaping(config);
  const imports = [
    'TuneRagTextSplitter',
    ...(dense ? ['TuneRagEmbeddings', 'TuneRagVectorStore'] : []),
    ...(sparse ? ['TuneRagBm25Retriever'] : []),
    ...(dense && sparse ? ['TuneRagFusionRetriever'] : []),
    ...(rm3 ? ['TuneRagRm3Retriever'] : []),
    ...(config.reranker !== 'none' ? ['TuneRagReranker'] : []),
    ...shaping.imports,
    'packContextDocuments',
    ...(llm ? ['generationPrompt', 'generationPromptValues', 'extractAnswer'] : ['TuneRagGenerator']),
    'runExportedModule',
  ];
  const lines = [
    ...options.header.map((line) => `// ${line}`),
    "import { realpathSync } from 'node:fs';",
    "import { fileURLToPath } from 'node:url';",
    "import { RunnableLambda, RunnableSequence } from '@langchain/core/runnables';",
    ...(llm
      ? [
          "import { StringOutputParser } from '@langchain/core/output_parsers';",
          "import { ChatOpenAI } from '@langchain/openai';",
        ]
      : []),
    `import { ${imports.join(', ')} } from 'tune-rag/langchain';`,
    '',
    '/** The exported configuration, as tune-rag ran it. */',
    `export const CONFIG = ${JSON.stringify(config, null, 2)};`,
    '',
    ...(prompt && llm
      ? [
          `/** The prompt template "${prompt.name}", as tune-rag ran it. */`,
          `const PROMPT = ${JSON.stringify(prompt.text)};`,
          '',
        ]
      : []),
    '/** Hits each retriever fetches; top_k and the reranker candidates are slices of them. */',
    `const DEPTH = ${RETRIEVAL_DEPTH};`,
    '',
    '/** Builds the tuned pipeline over `documents` (LangChain Documents with metadata.id and metadata.title). */',
    'export async function buildPipeline({ documents }) {',
    '  const splitter = new TuneRagTextSplitter({',
    `    strategy: CONFIG['chunk.strategy'],`,
    `    chunkSize: CONFIG['chunk.size'],`,
    `    overlap: CONFIG['chunk.overlap'] ?? 0,`,
    '  });',
    '  const chunks = await splitter.splitDocuments(documents);',
    ...retrieverLines(config, rm3 ? 'base' : 'retriever'),
    ...(rm3 ? rm3Lines() : []),
    ...rerankerLines(config),
    ...shaping.setup,
    ...generatorLines(config),
    '  return RunnableSequence.from([',
    '    RunnableLambda.from(async ({ question }) => ({ question, hits: await retriever.invoke(question) })),',
    config.reranker === 'none'
      ? '    RunnableLambda.from(({ question, hits }) => ({ question, retrieved: hits.slice(0, CONFIG.top_k) })),'
      : '    RunnableLambda.from(async ({ question, hits }) => ({\n      question,\n      retrieved: (await reranker.compressDocuments(hits, question)).slice(0, CONFIG.top_k),\n    })),',
    ...shaping.steps,
    "    RunnableLambda.from(({ question, retrieved, passages }) => ({\n      question,\n      retrieved,\n      contexts: packContextDocuments({ documents: passages, maxTokens: CONFIG['context.max_tokens'] }),\n    })),",
    '    RunnableLambda.from(async ({ question, retrieved, contexts }) => ({\n      answer: await generator.invoke({ question, contexts }),\n      contexts,\n      retrieved,\n    })),',
    '  ]);',
    '}',
    '',
    '// Run directly: node <this file> --dataset DIR prints the metrics of the pipeline on DIR.',
    'if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {',
    '  await runExportedModule({ buildPipeline, topK: CONFIG.top_k });',
    '}',
    '',
  ];
  return lines.join('\n');
}

function retrieverLines(config: PipelineConfig, name: string): string[] {
  const lines: string[] = [];
  if (config.retrieval !== 'bm25')
    lines.push(
      '  const embeddings = await TuneRagEmbeddings.fit({ embedder: CONFIG.embedder, documents: chunks });',
      '  const vectorStore = await TuneRagVectorStore.fromDocuments(chunks, embeddings);',
      `  const ${config.retrieval === 'dense' ? name : 'dense'} = vectorStore.asRetriever({ k: DEPTH });`,
    );
  if (config.retrieval !== 'dense')
    lines.push(
      `  const ${config.retrieval === 'bm25' ? name : 'bm25'} = TuneRagBm25Retriever.fromDocuments(chunks, { k: DEPTH });`,
    );
  if (config.retrieval === 'hybrid')
    lines.push(
      `  const ${name} = new TuneRagFusionRetriever({`,
      '    dense,',
      '    sparse: bm25,',
      '    fusion: CONFIG.fusion,',
      ...(config.fusion === 'weighted' ? ["    weight: CONFIG['fusion.weight'],"] : []),
      '    k: DEPTH,',
      '  });',
    );
  return lines;
}

function rm3Lines(): string[] {
  return [
    '  // query.rewrite rm3: feedback terms from the first search, searched and interpolated with the query.',
    '  const retriever = new TuneRagRm3Retriever({',
    '    retriever: base,',
    "    terms: CONFIG['rm3.terms'],",
    "    docs: CONFIG['rm3.docs'],",
    "    weight: CONFIG['rm3.weight'],",
    '    k: DEPTH,',
    '  });',
  ];
}

/**
 * The context stages after reranking, in the pipeline's order (expand → compress → reorder):
 * their imports, their construction and the step that turns the top_k hits into `passages`.
 */
function contextShaping(config: PipelineConfig): { imports: string[]; setup: string[]; steps: string[] } {
  const expand = config['context.expand'] !== undefined && config['context.expand'] !== 'none';
  const compress = config['context.compress'] === 'sentences';
  const reorder = config['context.order'] === 'ends';
  if (!expand && !compress && !reorder)
    return {
      imports: [],
      setup: [],
      steps: ['    RunnableLambda.from(({ question, retrieved }) => ({ question, retrieved, passages: retrieved })),'],
    };
  const imports: string[] = [];
  const setup: string[] = [];
  const body: string[] = ['      let passages = retrieved;'];
  if (expand) {
    imports.push('TuneRagContextExpander');
    setup.push('  const expander = new TuneRagContextExpander({ documents, config: CONFIG });');
    body.push('      passages = await expander.transformDocuments(passages);');
  }
  if (compress) {
    imports.push('TuneRagSentenceCompressor');
    setup.push("  const compressor = new TuneRagSentenceCompressor({ keep: CONFIG['compress.keep'] });");
    body.push('      passages = await compressor.compressDocuments(passages, question);');
  }
  if (reorder) {
    imports.push('TuneRagLongContextReorder');
    setup.push('  const reorder = new TuneRagLongContextReorder();');
    body.push('      passages = await reorder.transformDocuments(passages);');
  }
  return {
    imports,
    setup: [
      "  // The context stages, in tune-rag's order: expand, compress, reorder (packing keeps passages by rank).",
      ...setup,
    ],
    steps: [
      '    RunnableLambda.from(async ({ question, retrieved }) => {',
      ...body,
      '      return { question, retrieved, passages };',
      '    }),',
    ],
  };
}

function rerankerLines(config: PipelineConfig): string[] {
  if (config.reranker === 'none') return [];
  const params = config['mmr.lambda'] === undefined ? '' : " params: { lambda: CONFIG['mmr.lambda'] },";
  return [
    '  // The reranker sees at least top_k candidates, as in tune-rag.',
    `  const reranker = new TuneRagReranker({ reranker: CONFIG.reranker, candidates: ${rerankCandidates(config)},${params} });`,
  ];
}

function generatorLines(config: PipelineConfig): string[] {
  if (!isLlmGenerator(config.generator))
    return ['  const generator = new TuneRagGenerator({ generator: CONFIG.generator });'];
  const model = config.generator.slice('llm:'.length);
  return [
    '  // The chat model: an OpenAI-compatible endpoint read from OPENAI_BASE_URL and OPENAI_API_KEY',
    '  // (tune-rag --llm openai:<model>); one user message, the answer after its last "Answer:" label.',
    '  const generator = RunnableSequence.from([',
    '    RunnableLambda.from(generationPromptValues),',
    '    generationPrompt(PROMPT),',
    `    new ChatOpenAI({ model: ${JSON.stringify(model)}, temperature: CONFIG.temperature ?? 0, maxTokens: ${ANSWER_MAX_TOKENS} }),`,
    '    new StringOutputParser(),',
    '    RunnableLambda.from(extractAnswer),',
    '  ]);',
  ];
}
