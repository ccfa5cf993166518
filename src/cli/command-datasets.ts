import type { Command } from 'commander';
import { formatInspectReport } from '../data/format-inspect-report.js';
import { inspectDataset } from '../data/inspect-dataset.js';
import { loadDataset } from '../data/load-dataset.js';
import type { CliIo } from './cli-io.js';

export function registerDatasetsCommand(program: Command, io: CliIo): void {
  const datasets = program.command('datasets').description('Work with datasets');
  datasets
    .command('inspect')
    .description('Validate a dataset and print counts, lengths, answer and gold coverage, and its fingerprint')
    .argument('<dataset>', 'bundled dataset name (e.g. demo) or a dataset path')
    .option('--json', 'print the report as JSON')
    .action(async (spec: string, flags: { json?: boolean }) => {
      const dataset = await loadDataset({ spec, cwd: io.cwd });
      const report = inspectDataset({ dataset });
      io.out(flags.json ? JSON.stringify(report, null, 2) : formatInspectReport(report));
    });
  datasets.exitOverride();
}
