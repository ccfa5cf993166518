import type { Command } from 'commander';
import { resolve } from 'node:path';
import { TuneRagError } from '../errors.js';
import { QUESTION_TYPES, type QuestionType } from '../qa-generation/answer-candidates.js';
import { formatGenerationReport } from '../qa-generation/format-generation-report.js';
import { generateIntoFolder } from '../qa-generation/generate-into-folder.js';
import type { GenerationProgress } from '../qa-generation/generate-qa-set.js';
import { loadSourceDocuments } from '../qa-generation/load-source-documents.js';
import { didYouMean } from '../names/suggest-name.js';
import { openWorkspace } from '../workspace/workspace.js';
import type { CliIo } from './cli-io.js';
import { nonNegativeInt, positiveInt } from './option-parsers.js';
import { createProgressReporter } from './progress-bar.js';
import { generateWithLlm } from './generate-with-llm.js';
import { LLM_TIMEOUT_HELP, positiveUsd, timeoutSeconds } from './llm-options.js';
import { addMaxDocumentMbOption } from './max-document-mb-option.js';
import { LLM_QUESTION_TYPES } from '../qa-generation/llm/llm-question-reply.js';

/** Questions `generate` writes when --questions is not given. */
export const DEFAULT_GENERATED_QUESTIONS = 100;

interface GenerateFlags {
  llm?: string;
  maxCost?: number;
  prices?: string;
  llmTimeout?: number;
  dataset: string;
  out: string;
  questions: number;
  seed: number;
  types?: string;
  cacheDir?: string;
  maxDocumentMb?: number;
  resume?: boolean;
}

export function registerGenerateCommand(program: Command, io: CliIo): void {
  addMaxDocumentMbOption(program.command('generate'))
    .description(
      'Generate a QA set (offline: questions with exact answer spans) from a folder of documents, written as a native dataset',
    )
    .requiredOption(
      '--dataset <dir>',
      'folder of documents (.pdf, .docx, .html, .md, .txt, .csv, .json, .jsonl) or with corpus.jsonl',
    )
    .requiredOption('--out <dir>', 'folder to write corpus.jsonl, qa.jsonl and generation.json to')
    .option('--questions <n>', 'questions to generate', positiveInt, DEFAULT_GENERATED_QUESTIONS)
    .option('--seed <n>', 'fixes every choice (sentence order, which questions are kept)', nonNegativeInt, 0)
    .option('--types <list>', `comma-separated question types (default all): ${QUESTION_TYPES.join(', ')}`)
    .option(
      '--resume',
      'continue the interrupted generation in --out (an error when there is none); one of the same settings is continued even without it',
    )
    .option('--cache-dir <dir>', 'stage cache folder for the probe runs (default .tune-rag/cache)')
    .option(
      '--llm <provider:model>',
      `generate with an LLM instead (types ${LLM_QUESTION_TYPES.join(', ')}), e.g. openai:gpt-4o-mini`,
    )
    .option('--max-cost <usd>', 'LLM spending cap in USD for this generation', positiveUsd)
    .option('--prices <file>', 'JSON price table for models without a built-in price')
    .option('--llm-timeout <seconds>', LLM_TIMEOUT_HELP, timeoutSeconds)
    .action(async (flags: GenerateFlags) => {
      const outDir = resolve(io.cwd, flags.out);
      const progress = createProgressReporter({ enabled: true, stream: io.stderrStream });
      if (flags.llm) {
        const source = await loadSourceDocuments({
          spec: flags.dataset,
          cwd: io.cwd,
          maxDocumentMb: flags.maxDocumentMb,
        });
        const { report, reused } = await generateWithLlm({
          flags,
          source,
          outDir,
          n: flags.questions,
          seed: flags.seed,
          io,
          progress,
        });
        for (const line of formatGenerationReport({ report, outDir, reused })) io.out(line);
        return;
      }
      if (flags.maxCost !== undefined || flags.prices !== undefined || flags.llmTimeout !== undefined) {
        throw new TuneRagError(
          'cli',
          `${flags.maxCost !== undefined ? '--max-cost' : flags.prices !== undefined ? '--prices' : '--llm-timeout'} needs --llm`,
          { hint: 'add e.g. --llm openai:gpt-4o-mini, or drop the flag for the offline generator' },
        );
      }
      const types = parseQuestionTypes(flags.types);
      const workspace = openWorkspace({ cwd: io.cwd, cacheDir: flags.cacheDir });
      const source = await loadSourceDocuments({
        spec: flags.dataset,
        cwd: io.cwd,
        maxDocumentMb: flags.maxDocumentMb,
      });
      const { report, reused } = await generateIntoFolder({
        source,
        outDir,
        n: flags.questions,
        seed: flags.seed,
        types,
        baseline: workspace.baseline,
        components: workspace.components,
        cacheDir: workspace.cacheDir,
        resume: flags.resume,
        warn: io.err,
        onProgress: progressLine(progress),
      }).finally(() => progress.stop());
      for (const line of formatGenerationReport({ report, outDir, reused })) io.out(line);
    });
}

/** `--types`: a comma-separated subset of the question types; an unknown name gets a suggestion. */
export function parseQuestionTypes(value: string | undefined): QuestionType[] {
  if (value === undefined) return [...QUESTION_TYPES];
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const known: readonly string[] = QUESTION_TYPES;
  for (const name of names) {
    if (!known.includes(name))
      throw new TuneRagError('cli', `--types: unknown question type "${name}".${didYouMean(name, known)}`, {
        hint: `Available: ${QUESTION_TYPES.join(', ')}`,
      });
  }
  if (names.length === 0)
    throw new TuneRagError('cli', '--types: no question type given', {
      hint: `Name one or more of: ${QUESTION_TYPES.join(', ')}`,
    });
  return [...new Set(names)] as QuestionType[];
}

/** Drives the bar: one segment per stage, restarted when the stage changes. */
export function progressLine(progress: ReturnType<typeof createProgressReporter>): (p: GenerationProgress) => void {
  let stage = '';
  const labels: Record<GenerationProgress['stage'], string> = {
    writing: 'writing questions (documents)',
    answerable: 'answerability check',
    probing: 'probe configurations',
  };
  return (p) => {
    if (p.stage !== stage) {
      if (stage) progress.stop();
      stage = p.stage;
      progress.start(p.total, labels[p.stage]);
    }
    progress.update(p.done);
  };
}
