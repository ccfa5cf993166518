import { join } from 'node:path';
import { TuneRagError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import type { PipelineComponents, PromptTemplate } from './pipeline-components.js';
import type { ComponentNames } from '../space/catalogue.js';
import { didYouMean } from '../names/suggest-name.js';
import type { EmbedderFactory } from './embedder.js';
import type { Generator } from './generator.js';
import { LOCAL_EMBEDDERS } from './local/local-embedders.js';
import { LOCAL_GENERATORS } from './local/local-generators.js';
import { LOCAL_RERANKERS } from './local/local-rerankers.js';
import { loadPromptTemplates } from './prompt-templates.js';
import type { Reranker } from './reranker.js';
import type { AnswerJudge } from './judges/answer-judge.js';
import type { ComponentParameter } from './component-parameter.js';
import type { LangchainRetriever } from './langchain/langchain-retriever.js';
import type { LangchainVectorStore } from './langchain/langchain-vector-store.js';
import type { Config, Param } from '../space/parameter-schema.js';
import type { ComponentCalls } from '../llm/component-calls.js';
import { noQueryRewriterError, type QueryRewriter } from './query-rewriter.js';
import type { LlmRewrite } from '../space/llm-rewrites.js';

/**
 * The components available to this process, by name. Local ones are always present; remote
 * (OpenAI-compatible) ones are added with `register*` when an LLM is configured.
 */
export class ComponentRegistry implements PipelineComponents {
  private readonly embedders = new Map<string, EmbedderFactory>();
  private readonly rerankers = new Map<string, Reranker>();
  private readonly generators = new Map<string, Generator>();
  private readonly judges = new Map<string, AnswerJudge>();
  private readonly retrievers = new Map<string, LangchainRetriever>();
  private readonly vectorStores = new Map<string, LangchainVectorStore>();
  private readonly calls = new Set<ComponentCalls>();
  private readonly prompts: Map<string, PromptTemplate>;
  private rewriter: QueryRewriter | null = null;

  constructor(options: { promptsDir?: string } = {}) {
    for (const e of LOCAL_EMBEDDERS) this.embedders.set(e.name, e);
    for (const r of LOCAL_RERANKERS) this.rerankers.set(r.name, r);
    for (const g of LOCAL_GENERATORS) this.generators.set(g.name, g);
    this.prompts = loadPromptTemplates(options.promptsDir ?? join(packageRoot(), 'prompts', 'generate'));
  }

  /** Makes `factory.name` a value of the space's `embedder` parameter (a later one of the same name replaces it). */
  registerEmbedder(factory: EmbedderFactory): void {
    this.embedders.set(factory.name, factory);
  }

  /** Makes `reranker.name` a value of the space's `reranker` parameter. */
  registerReranker(reranker: Reranker): void {
    this.rerankers.set(reranker.name, reranker);
  }

  /** Makes `generator.name` a value of the space's `generator` parameter. */
  registerGenerator(generator: Generator): void {
    this.generators.set(generator.name, generator);
  }

  /** Makes `retriever.name` a value of the space's `retrieval` parameter (beside dense, bm25, hybrid). */
  registerRetriever(retriever: LangchainRetriever): void {
    if (BUILT_IN_RETRIEVAL.includes(retriever.name))
      throw new TuneRagError(
        'config',
        `retriever "${retriever.name}" would replace built-in retrieval "${retriever.name}"`,
        {
          hint: 'give the retriever another name',
        },
      );
    this.retrievers.set(retriever.name, retriever);
  }

  /** Makes `store.name` a value of the `vector_store` parameter (dense retrieval; default `builtin`). */
  registerVectorStore(store: LangchainVectorStore): void {
    if (store.name === BUILT_IN_VECTOR_STORE)
      throw new TuneRagError('config', `vector store "${store.name}" would replace the built-in one`, {
        hint: 'give the vector store another name',
      });
    this.vectorStores.set(store.name, store);
  }

  /** Makes `multi-query` and `hyde` values of `query.rewrite` (one rewriter per run: a later one replaces it). */
  registerQueryRewriter(rewriter: QueryRewriter): void {
    this.rewriter = rewriter;
  }

  /** The LLM query rewriter; TuneRagError ('config') when no LLM is configured. */
  queryRewriter(rewrite: LlmRewrite): QueryRewriter {
    if (this.rewriter) return this.rewriter;
    throw noQueryRewriterError(rewrite);
  }

  /** Records the ComponentCalls registered components use, so a study's spend cap can bind it. */
  addComponentCalls(calls: ComponentCalls): void {
    this.calls.add(calls);
  }

  /** The ComponentCalls of the registered LangChain.js components (empty when there are none). */
  componentCalls(): ComponentCalls[] {
    return [...this.calls];
  }

  /** The registered retriever `name`, or null for built-in retrieval (dense, bm25, hybrid). */
  retriever(name: string): LangchainRetriever | null {
    return BUILT_IN_RETRIEVAL.includes(name) ? null : lookup(this.retrievers, name, 'retriever');
  }

  /** The registered vector store `name`, or null for the built-in index (`builtin` or unset). */
  vectorStore(name: string | undefined): LangchainVectorStore | null {
    return name === undefined || name === BUILT_IN_VECTOR_STORE
      ? null
      : lookup(this.vectorStores, name, 'vector store');
  }

  /**
   * Adds an answer judge under `name`. Judges are no search parameter (a judge scores a run, it
   * is not part of the pipeline): a run picks one by name (`runConfiguration({ judge })`).
   */
  registerJudge(name: string, judge: AnswerJudge): void {
    this.judges.set(name, judge);
  }

  /** The judge registered as `name`; TuneRagError ('config') naming the known ones otherwise. */
  judge(name: string): AnswerJudge {
    return lookup(this.judges, name, 'judge');
  }

  embedder(name: string): EmbedderFactory {
    return lookup(this.embedders, name, 'embedder');
  }

  reranker(name: string): Reranker {
    return lookup(this.rerankers, name, 'reranker');
  }

  generator(name: string): Generator {
    return lookup(this.generators, name, 'generator');
  }

  prompt(name: string): PromptTemplate {
    return lookup(this.prompts, name, 'prompt');
  }

  /** Names for the catalogue (what values each component parameter may take). */
  names(): ComponentNames {
    return {
      embedders: [...this.embedders.keys()],
      rerankers: [...this.rerankers.keys()],
      generators: [...this.generators.values()].map((g) => ({
        name: g.name,
        local: g.local,
        ...(g.takesTemperature === false ? { temperature: false } : {}),
      })),
      prompts: [...this.prompts.keys()],
      retrievers: [...this.retrievers.keys()],
      vectorStores: [...this.vectorStores.keys()],
      ...(this.rewriter ? { queryRewriting: true } : {}),
      parameters: this.#declared().map(({ parameter, when }) => ({ ...parameter.definition, when })),
    };
  }

  /** Values of the registered components' own parameters (and `vector_store`) when nobody sets them. */
  parameterDefaults(): Config {
    const own = Object.fromEntries(
      this.#declared().map(({ parameter }) => [parameter.definition.name, parameter.default]),
    );
    return this.vectorStores.size ? { vector_store: BUILT_IN_VECTOR_STORE, ...own } : own;
  }

  /** Every component's own parameters, each active only when its component is chosen. */
  #declared(): { parameter: ComponentParameter; when: Param['when'] }[] {
    const out: { parameter: ComponentParameter; when: Param['when'] }[] = [];
    const add = (key: string, components: Iterable<{ name: string; parameters?: readonly ComponentParameter[] }>) => {
      for (const c of components)
        for (const parameter of c.parameters ?? []) out.push({ parameter, when: { [key]: [c.name] } });
    };
    add('embedder', this.embedders.values());
    add('reranker', this.rerankers.values());
    add('generator', this.generators.values());
    add('retrieval', this.retrievers.values());
    add('vector_store', this.vectorStores.values());
    return out;
  }
}

/** The `retrieval` values the pipeline implements itself. */
const BUILT_IN_RETRIEVAL = ['dense', 'bm25', 'hybrid'];

/** The `vector_store` value of the built-in HNSW index. */
export const BUILT_IN_VECTOR_STORE = 'builtin';

function lookup<T>(map: Map<string, T>, name: string, kind: string): T {
  const found = map.get(name);
  if (found) return found;
  const known = [...map.keys()];
  throw new TuneRagError(
    'config',
    `unknown ${kind} "${name}".${didYouMean(name, known)} Available: ${known.join(', ') || '(none)'}`,
  );
}
