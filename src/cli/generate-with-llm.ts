import { TuneRagError } from '../errors.js';
import { LLM_QUESTION_TYPES, type LlmQuestionType } from '../qa-generation/llm/llm-question-reply.js';
import { generateLlmQaSet, llmGenerationKey } from '../qa-generation/llm/generate-llm-qa-set.js';
import { UnitResultSchema } from '../qa-generation/llm/unit-result-schema.js';
import { journaledGeneration } from '../qa-generation/journaled-generation.js';
import type { SourceDocuments } from '../qa-generation/load-source-documents.js';
import { readGenerationReport, writeGeneratedDataset } from '../qa-generation/write-generated-dataset.js';
import type { GenerationReport } from '../data/generation-report.js';
import { didYouMean } from '../names/suggest-name.js';
import type { CliIo } from './cli-io.js';
import { llmStop, setUpLlm, type LlmFlags } from './llm-options.js';
import type { ProgressReporter } from './progress-bar.js';

/**
 * `generate --llm`: the LLM generator into `outDir` (see generateLlmQaSet). Each finished request
 * is journaled at once, so an interrupted run continues where it stopped (nothing asked twice);
 * the client's request cache makes a rerun free; --max-cost caps the spend (a cap reached is a
 * clean error saying what was spent, and the journal keeps what was bought). Returns the report written.
 */
export async function generateWithLlm(options: {
  flags: LlmFlags & { types?: string; resume?: boolean };
  source: SourceDocuments;
  outDir: string;
  n: number;
  seed: number;
  io: CliIo;
  progress: ProgressReporter;
}): Promise<{ report: GenerationReport; reused: boolean }> {
  const { flags, source, outDir, n, seed, io, progress } = options;
  const types = parseLlmTypes(flags.types);
  const llm = setUpLlm(flags, io)!;
  try {
    const inputs = { client: llm.client, docs: source.docs, n, seed, types };
    const { key, settings } = llmGenerationKey(inputs);
    const existing = readGenerationReport(outDir);
    if (existing?.key === key) return { report: existing, reused: true };
    return await journaledGeneration({
      dir: outDir,
      key,
      settings,
      entry: UnitResultSchema,
      resume: flags.resume,
      warn: io.err,
      work: async (journal) => {
        const { items, report } = await generateLlmQaSet({
          ...inputs,
          done: journal.done,
          onUnit: journal.record,
          onProgress: (done, total) => {
            if (done === 0) progress.start(total, 'LLM requests (documents, pairs)');
            progress.update(done);
            if (done === total) journal.allUnitsDone();
          },
        });
        progress.stop();
        writeGeneratedDataset({ dir: outDir, docs: source.docs, items, report });
        return { report, reused: false };
      },
    });
  } catch (error) {
    throw llmStop(error, llm);
  } finally {
    progress.stop();
    llm.close();
  }
}

function parseLlmTypes(value: string | undefined): LlmQuestionType[] {
  if (value === undefined) return [...LLM_QUESTION_TYPES];
  const known: readonly string[] = LLM_QUESTION_TYPES;
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const name of names) {
    if (!known.includes(name))
      throw new TuneRagError('cli', `--types: unknown question type "${name}" for --llm.${didYouMean(name, known)}`, {
        hint: `Available with --llm: ${LLM_QUESTION_TYPES.join(', ')}`,
      });
  }
  return [...new Set(names)] as LlmQuestionType[];
}
