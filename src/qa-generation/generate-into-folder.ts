import { z } from 'zod';
import type { PipelineComponents } from '../providers/pipeline-components.js';
import { StageCache } from '../pipeline/stage-cache.js';
import type { Config } from '../space/parameter-schema.js';
import type { QuestionType } from './answer-candidates.js';
import { generateQaSet, generationSettings, type GenerationProgress } from './generate-qa-set.js';
import type { GenerationReport } from '../data/generation-report.js';
import { journaledGeneration } from './journaled-generation.js';
import type { SourceDocuments } from './load-source-documents.js';
import { readGenerationReport, writeGeneratedDataset } from './write-generated-dataset.js';

/** A probe's verdicts in the journal: one '0' or '1' per candidate. */
const ProbeVerdictsSchema = z.string().regex(/^[01]*$/);

/**
 * Generates a QA set from `source` into `outDir`, or reuses the one already there when it was
 * generated from the same documents with the same settings and generator version (`reused`).
 * Each probe's verdicts go to the resume journal as soon as the probe has run, and probe runs
 * go through the stage cache in `cacheDir`, so an interrupted run resumes where it stopped.
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
  /** The caller's option naming the output folder (default `out`). */
  outOption?: string;
  /** Demand a partial run to continue (--resume); without it one of the same settings is continued anyway. */
  resume?: boolean;
  warn?: (line: string) => void;
  onProgress?: (progress: GenerationProgress) => void;
}): Promise<{ report: GenerationReport; reused: boolean }> {
  const { source, outDir, n, seed, types } = options;
  const { key, settings } = generationSettings({ docs: source.docs, n, seed, types });
  const existing = readGenerationReport(outDir);
  if (existing && existing.key === key) return { report: existing, reused: true };
  return journaledGeneration({
    dir: outDir,
    key,
    settings,
    entry: ProbeVerdictsSchema,
    resume: options.resume,
    option: options.outOption,
    warn: options.warn ?? ((line) => process.stderr.write(`${line}\n`)),
    work: async (journal) => {
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
          journal,
        });
        writeGeneratedDataset({ dir: outDir, docs: source.docs, items, report, option: options.outOption });
        return { report, reused: false };
      } finally {
        cache.close();
      }
    },
  });
}
