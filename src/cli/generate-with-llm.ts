import { TuneRagError } from '../errors.js';
import { LLM_QUESTION_TYPES, type LlmQuestionType } from '../qa-generation/llm/llm-question-reply.js';
import { generateLlmQaSet } from '../qa-generation/llm/generate-llm-qa-set.js';
import type { SourceDocuments } from '../qa-generation/load-source-documents.js';
import { readGenerationReport, writeGeneratedDataset } from '../qa-generation/write-generated-dataset.js';
import type { GenerationReport } from '../data/generation-report.js';
import { didYouMean } from '../names/suggest-name.js';
import type { CliIo } from './cli-io.js';
import { llmStop, setUpLlm, type LlmFlags } from './llm-options.js';

/**
 * `generate --llm`: the LLM generator into `outDir` (see generateLlmQaSet). The client's request
 * cache makes a rerun free; --max-cost caps the spend (a cap reached is a clean error saying what
 * was spent). Returns the report written.
 */
export async function generateWithLlm(options: {
  flags: LlmFlags & { types?: string };
  source: SourceDocuments;
  outDir: string;
  n: number;
  seed: number;
  io: CliIo;
}): Promise<{ report: GenerationReport; reused: boolean }> {
  const { flags, source, outDir, n, seed, io } = options;
  const types = parseLlmTypes(flags.types);
  const llm = setUpLlm(flags, io)!;
  try {
    const { items, report } = await generateLlmQaSet({ client: llm.client, docs: source.docs, n, seed, types });
    const existing = readGenerationReport(outDir);
    const reused = existing?.key === report.key;
    writeGeneratedDataset({ dir: outDir, docs: source.docs, items, report });
    return { report, reused };
  } catch (error) {
    throw llmStop(error, llm);
  } finally {
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
