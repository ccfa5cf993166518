import type { PipelineComponents } from '../providers/pipeline-components.js';
import { StageCache } from '../pipeline/stage-cache.js';
import type { Config } from '../space/parameter-schema.js';
import type { QuestionType } from './answer-candidates.js';
import { generateQaSet, generationKey, type GenerationProgress } from './generate-qa-set.js';
import type { GenerationReport } from '../data/generation-report.js';
import type { SourceDocuments } from './load-source-documents.js';
import { readGenerationReport, writeGeneratedDataset } from './write-generated-dataset.js';

/**
 * Generates a QA set from `source` into `outDir`, or reuses the one already there when it was
 * generated from the same documents with the same settings and generator version (`reused`).
 * Probe runs go through the stage cache in `cacheDir`, so an interrupted run resumes warm.
 */
export async function generateIntoFolder(options: {
  source: SourceDocuments;
  outDir: string;
  n: number;
  seed: number;
  types: readonly QuestionType[];
  baseline: Config;
  components: PipelineComponents;
  cacheDir: string;
  /** The caller's option that set n, named in the too-few error (default `questions`). */
  option?: string;
  onProgress?: (progress: GenerationProgress) => void;
}): Promise<{ report: GenerationReport; reused: boolean }> {
  const { source, outDir, n, seed, types } = options;
  const existing = readGenerationReport(outDir);
  if (existing && existing.key === generationKey({ docs: source.docs, n, seed, types }))
    return { report: existing, reused: true };
  const cache = new StageCache({ dir: options.cacheDir });
  try {
    const { items, report } = await generateQaSet({
      docs: source.docs,
      n,
      seed,
      types,
      baseline: options.baseline,
      components: options.components,
      cache,
      option: options.option,
      onProgress: options.onProgress,
    });
    writeGeneratedDataset({ dir: outDir, docs: source.docs, items, report });
    return { report, reused: false };
  } finally {
    cache.close();
  }
}
