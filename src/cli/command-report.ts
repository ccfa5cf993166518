import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { TuneRagError } from '../errors.js';
import { Study } from '../optimize/study.js';
import { loadEvalHistory, loadStudyDataset } from '../report/html/load-report-inputs.js';
import { buildReportData } from '../report/html/report-data.js';
import { renderReport } from '../report/html/render-report.js';
import { didYouMean } from '../names/suggest-name.js';
import { openStudyStorage, resolveStudyStorage, studyStorageExists } from '../store/open-study-storage.js';
import { resolveWorkspacePaths } from '../workspace/workspace.js';
import type { CliIo } from './cli-io.js';
import { addStorageOptions, type StorageFlags, storageFlag } from './storage-option.js';

export interface ReportFlags extends StorageFlags {
  out?: string;
  historyDb?: string;
}

/** `tune-rag report [study] --out report.html`: writes the self-contained HTML report; returns its path. */
export async function runReportCommand(io: CliIo, name: string | undefined, flags: ReportFlags): Promise<string> {
  const { dir } = resolveWorkspacePaths({ cwd: io.cwd });
  const dbPath = resolveStudyStorage({ storage: storageFlag(flags), cwd: io.cwd, workspaceDir: dir });
  if (!studyStorageExists(dbPath))
    throw new TuneRagError('cli', `no study database at ${dbPath}`, {
      hint: 'Run a tuning study first (tune-rag --dataset demo), or pass --storage FILE.',
    });
  const store = openStudyStorage(dbPath);
  try {
    const known = store.listStudies();
    if (known.length === 0)
      throw new TuneRagError('cli', `no studies in ${store.location}`, {
        hint: 'Run a tuning study first (tune-rag --dataset demo).',
      });
    const studyName = name ?? [...known].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)[0].name;
    const study = Study.open({ store, name: studyName });
    if (!study) {
      const names = known.map((s) => s.name);
      throw new TuneRagError('cli', `no study "${studyName}".${didYouMean(studyName, names)}`, {
        hint: `Studies: ${names.join(', ')}`,
      });
    }
    const { dataset, note: datasetNote } = await loadStudyDataset(study.settings, io.cwd);
    const history = loadEvalHistory(flags.historyDb ? resolve(io.cwd, flags.historyDb) : join(dir, 'evals.db'));
    const data = buildReportData({ study, dataset, datasetNote, evalHistory: history.runs, evalNote: history.note });
    const out = resolve(io.cwd, flags.out ?? 'report.html');
    try {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, renderReport(data));
    } catch (error) {
      throw new TuneRagError('io', `cannot write the report to ${out}: ${(error as Error).message}`, {
        hint: 'Pass --out with a writable path.',
        cause: error,
      });
    }
    io.out(`report for study ${study.name} written to ${out}`);
    if (datasetNote) io.err(`note: ${datasetNote}`);
    return out;
  } finally {
    store.close();
  }
}

export function registerReportCommand(program: Command, io: CliIo): void {
  const command = program
    .command('report')
    .description('Write a self-contained HTML report of a study (charts, leaderboard, drill-down, eval trends)')
    .argument('[study]', 'study name (default: the most recent study; see tune-rag runs)')
    .option('--out <file>', 'HTML file to write', 'report.html');
  addStorageOptions(command)
    .option('--history-db <file>', 'eval history database (default .tune-rag/evals.db)')
    .action(async (name: string | undefined, flags: ReportFlags) => {
      await runReportCommand(io, name, flags);
    });
}
