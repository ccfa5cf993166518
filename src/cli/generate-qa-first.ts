import { existsSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { QUESTION_FILES } from '../data/document-files.js';
import { TuneRagError } from '../errors.js';
import { QUESTION_TYPES } from '../qa-generation/answer-candidates.js';
import { formatGenerationReport } from '../qa-generation/format-generation-report.js';
import { generateIntoFolder } from '../qa-generation/generate-into-folder.js';
import { generationKey } from '../qa-generation/generate-qa-set.js';
import { loadSourceDocuments } from '../qa-generation/load-source-documents.js';
import type { Workspace } from '../workspace/workspace.js';
import type { CliIo } from './cli-io.js';
import { progressLine } from './command-generate.js';
import { createProgressReporter } from './progress-bar.js';
import type { TuneFlags } from './tune-flags.js';

/**
 * `--generate-qa N`: before tuning, generate N questions (offline generator, the run's --seed)
 * from the documents of --dataset into `<workspace>/generated/<folder>-<key>/` and tune on that
 * native dataset instead. Says what it generated (or reused: the same documents and settings
 * give the same folder, so a second run generates nothing) and where. Without the flag the
 * flags are returned unchanged.
 */
export async function generateQaFirst(options: {
  flags: TuneFlags;
  workspace: Workspace;
  io: CliIo;
}): Promise<TuneFlags> {
  const { flags, workspace, io } = options;
  if (flags.generateQa === undefined) return flags;
  const source = await loadSourceDocuments({ spec: flags.dataset, cwd: io.cwd, maxDocumentMb: flags.maxDocumentMb });
  // Generated questions never silently replace questions the user already has.
  const questions = QUESTION_FILES.find((name) => existsSync(join(source.dir, name)));
  if (questions) {
    throw new TuneRagError('cli', `--generate-qa: --dataset ${flags.dataset} already has questions (${questions})`, {
      hint: 'Drop --generate-qa to tune on them, or write generated ones elsewhere with tune-rag generate --dataset DIR --out NEW_DIR.',
    });
  }
  const types = [...QUESTION_TYPES];
  const key = generationKey({ docs: source.docs, n: flags.generateQa, seed: flags.seed, types });
  const outDir = join(workspace.dir, 'generated', `${basename(source.dir)}-${key.slice(0, 8)}`);
  const quiet = flags.json !== undefined;
  const progress = createProgressReporter({ enabled: !quiet, stream: io.stderrStream });
  const { report, reused } = await generateIntoFolder({
    source,
    outDir,
    n: flags.generateQa,
    seed: flags.seed,
    types,
    baseline: workspace.baseline,
    components: workspace.components,
    cacheDir: workspace.cacheDir,
    option: 'generateQa',
    warn: io.err,
    onProgress: progressLine(progress),
  }).finally(() => progress.stop());
  const say = quiet ? io.err : io.out;
  for (const line of formatGenerationReport({ report, outDir: relative(io.cwd, outDir) || '.', reused })) say(line);
  return { ...flags, dataset: outDir };
}
