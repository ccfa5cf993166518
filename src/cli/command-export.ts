import { type Command, Option } from 'commander';
import { exportConfiguration } from '../export/export-configuration.js';
import type { CliIo } from './cli-io.js';
import { nonNegativeInt } from './option-parsers.js';
import { addStorageOptions, type StorageFlags, storageFlag } from './storage-option.js';

interface ExportFlags extends StorageFlags {
  trial?: number;
  format: 'json' | 'langchain';
  out: string;
  force?: boolean;
}

/** `tune-rag export <study>`: writes a trial's manifest (json) or a runnable LangChain.js module. */
export function registerExportCommand(program: Command, io: CliIo): void {
  const command = program
    .command('export')
    .description("Export a trial (default the study's best) as a JSON manifest or a runnable LangChain.js module")
    .argument('<study>', 'study name (see tune-rag runs)')
    .option('--trial <n>', 'trial number, as tune-rag show lists it (default: the best)', nonNegativeInt)
    .addOption(
      new Option('--format <format>', 'json: manifest; langchain: an ES module (.mjs) importing tune-rag/langchain')
        .choices(['json', 'langchain'])
        .makeOptionMandatory(),
    )
    .requiredOption('--out <file>', 'file to write (refused if it exists, unless --force)')
    .option('--force', 'overwrite --out if it exists');
  addStorageOptions(command).action((study: string, flags: ExportFlags) => {
    const { path, manifest } = exportConfiguration({
      study,
      trial: flags.trial,
      format: flags.format,
      out: flags.out,
      force: flags.force,
      storage: storageFlag(flags),
      cwd: io.cwd,
    });
    const what = flags.format === 'json' ? 'manifest' : 'LangChain.js module';
    io.out(
      `exported trial #${manifest.trial.number}${manifest.trial.best ? ' (best)' : ''} of ${study} as a ${what}: ${path}`,
    );
    if (flags.format === 'langchain') io.out(`run it: node ${path} --dataset ${manifest.dataset.name}`);
  });
}
