import type { StudySettings } from '../optimize/study-settings.js';
import type { PipelineConfig } from '../pipeline/pipeline-config.js';
import { HNSW } from '../pipeline/stages/index-stages.js';
import type { ComponentRegistry } from '../providers/component-registry.js';
import type { TrialRecord } from '../store/trial.js';
import { isLlmGenerator } from './exportable-config.js';
import { FALLBACK_PROMPT } from '../providers/remote/openai-generator.js';
import { ExportManifestSchema, type ExportManifest } from './export-manifest.js';

/**
 * The manifest of a finished trial (complete or pruned, so with metrics); validated by
 * {@link ExportManifestSchema} before it is returned, so a bug cannot write an invalid one.
 */
export function buildManifest(options: {
  study: { name: string; settings: StudySettings };
  trial: TrialRecord;
  pipeline: PipelineConfig;
  best: boolean;
  components: ComponentRegistry;
  tuneRagVersion: string;
}): ExportManifest {
  const { study, trial, pipeline, components } = options;
  const { settings } = study;
  const rung = trial.rungs.at(-1);
  const space = settings.space as { name?: unknown } | undefined;
  const version = (c: { name: string; version: string }) => ({ name: c.name, version: c.version });
  return ExportManifestSchema.parse({
    format: 'tune-rag-export/1',
    tuneRagVersion: options.tuneRagVersion,
    study: study.name,
    trial: { number: trial.number, state: trial.state, best: options.best },
    config: trial.config,
    components: {
      embedder: pipeline.embedder === undefined ? null : version(components.embedder(pipeline.embedder)),
      reranker: pipeline.reranker === 'none' ? null : version(components.reranker(pipeline.reranker)),
      generator: isLlmGenerator(pipeline.generator)
        ? { name: pipeline.generator, version: null }
        : version(components.generator(pipeline.generator)),
      prompt: isLlmGenerator(pipeline.generator) ? promptOf(pipeline, components) : null,
    },
    seeds: { study: settings.seed, hnsw: pipeline.retrieval === 'bm25' ? null : HNSW.seed },
    dataset: {
      name: settings.dataset.name,
      fingerprint: settings.dataset.fingerprint,
      documents: settings.dataset.documents,
      questions: settings.dataset.questions,
    },
    space: { name: typeof space?.name === 'string' ? space.name : 'unnamed', hash: settings.spaceHash },
    questions: rung?.questions ?? 0,
    objectives: trial.objectives ?? {},
    metrics: trial.metrics ?? {},
  });
}

/** The template an LLM generator used: the configured one, or the built-in default when none is named. */
export function promptOf(
  pipeline: PipelineConfig,
  components: ComponentRegistry,
): { name: string; hash: string; text: string } {
  const template = pipeline.prompt === undefined ? FALLBACK_PROMPT : components.prompt(pipeline.prompt);
  return { name: template.name, hash: template.hash, text: template.text };
}
