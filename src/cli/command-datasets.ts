import type { Command } from 'commander';
import { formatInspectReport } from '../data/format-inspect-report.js';
import { inspectDataset } from '../data/inspect-dataset.js';
import { loadDataset } from '../data/load-dataset.js';
import type { CliIo } from './cli-io.js';
import { addMaxDocumentMbOption } from './max-document-mb-option.js';
import { resolve } from 'node:path';
import { loadSearchSpace } from '../space/load-space.js';
import { spaceChunkReference } from '../api/space-chunk-reference.js';
import { openWorkspace } from '../workspace/workspace.js';

export function registerDatasetsCommand(program: Command, io: CliIo): void {
  const datasets = program.command('datasets').description('Work with datasets');
  addMaxDocumentMbOption(datasets.command('inspect'))
    .description(
      'Validate a dataset and print counts, lengths, answer and gold coverage, its fingerprint, and warnings about what would make scores mislead',
    )
    .argument('<dataset>', 'bundled dataset name (e.g. demo) or a dataset path')
    .option('--json', 'print the report as JSON (warnings with their codes)')
    .option(
      '--space <file>',
      'search space whose largest chunk.size the long-document warning uses (default pipelines/default.space.json)',
    )
    .action(async (spec: string, flags: { json?: boolean; space?: string; maxDocumentMb?: number }) => {
      const workspace = openWorkspace({ cwd: io.cwd });
      const space = loadSearchSpace({
        path: flags.space ? resolve(io.cwd, flags.space) : workspace.defaultSpacePath,
        catalogue: workspace.catalogue,
        fixed: workspace.defaults,
      });
      const dataset = await loadDataset({ spec, cwd: io.cwd, maxDocumentMb: flags.maxDocumentMb });
      const report = inspectDataset({ dataset, chunk: spaceChunkReference(space) });
      io.out(flags.json ? JSON.stringify(report, null, 2) : formatInspectReport(report));
    });
  datasets.exitOverride();
}
