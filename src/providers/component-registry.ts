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

/**
 * The components available to this process, by name. Local ones are always present; remote
 * (OpenAI-compatible) ones are added with `register*` when an LLM is configured.
 */
export class ComponentRegistry implements PipelineComponents {
  private readonly embedders = new Map<string, EmbedderFactory>();
  private readonly rerankers = new Map<string, Reranker>();
  private readonly generators = new Map<string, Generator>();
  private readonly judges = new Map<string, AnswerJudge>();
  private readonly prompts: Map<string, PromptTemplate>;

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
      generators: [...this.generators.values()].map((g) => ({ name: g.name, local: g.local })),
      prompts: [...this.prompts.keys()],
    };
  }
}

function lookup<T>(map: Map<string, T>, name: string, kind: string): T {
  const found = map.get(name);
  if (found) return found;
  const known = [...map.keys()];
  throw new TuneRagError(
    'config',
    `unknown ${kind} "${name}".${didYouMean(name, known)} Available: ${known.join(', ') || '(none)'}`,
  );
}
