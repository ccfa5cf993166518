import type { Command } from 'commander';
import Table from 'cli-table3';
import { TuneRagError } from '../errors.js';
import { Study } from '../optimize/study.js';
import { formatStudy } from '../report/format-study.js';
import { studyJson, summarizeStudy } from '../optimize/study-summary.js';
import { openStudyStorage, resolveStudyStorage, studyStorageExists } from '../store/open-study-storage.js';
import type { StudyStore } from '../store/study-store.js';
import { didYouMean } from '../names/suggest-name.js';
import { openWorkspace } from '../workspace/workspace.js';
import type { CliIo } from './cli-io.js';
import { addStorageOptions, type StorageFlags, storageFlag } from './storage-option.js';

function openStore(io: CliIo, flags: StorageFlags): StudyStore {
  const path = resolveStudyStorage({
    storage: storageFlag(flags),
    cwd: io.cwd,
    workspaceDir: openWorkspace({ cwd: io.cwd }).dir,
  });
  if (!studyStorageExists(path))
    throw new TuneRagError('cli', `no study database at ${path}`, {
      hint: 'Run a tuning study first (tune-rag --dataset demo), or pass --storage FILE.',
    });
  return openStudyStorage(path);
}

export function registerRunsCommands(program: Command, io: CliIo): void {
  addStorageOptions(program.command('runs').description('List the tuning studies in the study database')).action(
    (flags: StorageFlags) => {
      const store = openStore(io, flags);
      try {
        const table = new Table({
          head: ['study', 'dataset', 'created', 'complete', 'pruned', 'failed', 'best'],
          style: { head: [], border: [], compact: true },
        });
        for (const record of store.listStudies()) {
          const study = Study.open({ store, name: record.name });
          if (!study) continue;
          const summary = summarizeStudy(study);
          const first = summary.objectives[0];
          table.push([
            record.name,
            study.settings.dataset.name,
            new Date(record.createdAt).toISOString().slice(0, 16).replace('T', ' '),
            summary.counts.complete,
            summary.counts.pruned,
            summary.counts.failed,
            summary.best && first
              ? `#${summary.best.number} ${first.name} ${summary.best.objectives?.[first.name]?.toFixed(3) ?? 'n/a'}`
              : '-',
          ]);
        }
        io.out(table.length ? table.toString() : 'no studies yet');
      } finally {
        store.close();
      }
    },
  );

  const show = program
    .command('show')
    .description('Print one study: leaderboard, Pareto front, best vs baseline, steering log')
    .argument('<study>', 'study name (see tune-rag runs)')
    .option('--json', 'print the study as JSON');
  addStorageOptions(show).action((name: string, flags: StorageFlags & { json?: boolean }) => {
    const store = openStore(io, flags);
    try {
      const study = Study.open({ store, name });
      if (!study) {
        const known = store.listStudies().map((s) => s.name);
        throw new TuneRagError('cli', `no study "${name}".${didYouMean(name, known)}`, {
          hint: known.length ? `Studies: ${known.join(', ')}` : 'No studies yet.',
        });
      }
      const summary = summarizeStudy(study);
      io.out(flags.json ? JSON.stringify(studyJson(summary), null, 2) : formatStudy(summary));
    } finally {
      store.close();
    }
  });
}
