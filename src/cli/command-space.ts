import type { Command } from 'commander';
import { completeSearchSpace, loadSearchSpace } from '../space/load-space.js';
import { CONFIG_FILE_HELP, setUpComponents } from './project-file.js';
import type { Param } from '../space/parameter-schema.js';
import { openWorkspace } from '../workspace/workspace.js';
import type { CliIo } from './cli-io.js';

export function registerSpaceCommand(program: Command, io: CliIo): void {
  program
    .command('space')
    .description(
      'Print a search space (default pipelines/default.space.json) with every parameter, its values and conditions',
    )
    .option('--space <file>', 'search space JSON to validate and print')
    .option('--json', 'print the completed space as JSON')
    .option('--config-file <path>', CONFIG_FILE_HELP)
    .action(async (flags: { space?: string; json?: boolean; configFile?: string }) => {
      const setup = await setUpComponents(flags, io);
      const workspace = openWorkspace({ cwd: io.cwd, components: setup.registry });
      const chosen = setup.space ?? workspace.defaultSpacePath;
      const space =
        typeof chosen === 'string'
          ? loadSearchSpace({ path: chosen, catalogue: workspace.catalogue, fixed: workspace.defaults })
          : completeSearchSpace({
              raw: chosen,
              catalogue: workspace.catalogue,
              fixed: workspace.defaults,
              source: setup.project?.file ?? 'the project file',
            });
      if (flags.json) {
        io.out(JSON.stringify(space, null, 2));
        return;
      }
      io.out(`search space "${space.name}": ${space.description}`);
      for (const param of space.parameters)
        io.out(`  ${param.name.padEnd(20)} ${describeDomain(param).padEnd(48)} ${describeCondition(param)}`);
    });
}

function describeDomain(param: Param): string {
  if (param.type === 'categorical')
    return param.values.length === 1
      ? `fixed ${JSON.stringify(param.values[0])}`
      : param.values.length === 0
        ? 'unavailable'
        : param.values.join(' | ');
  return `${param.type} [${param.low}, ${param.high}]${param.log ? ' log' : ''}`;
}

function describeCondition(param: Param): string {
  if (!param.when) return '';
  return (
    'when ' +
    Object.entries(param.when)
      .map(([k, v]) => `${k} in {${v.join(', ')}}`)
      .join(' and ')
  );
}
