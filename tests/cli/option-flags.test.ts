import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { flagOf } from '../../src/cli/flag-names.js';
import { buildProgram } from '../../src/cli/main.js';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

/** Every option name library code marks with optionRef: `optionRef('x')` and defaults such as `optionRef(options.option ?? 'x')`. */
function optionsNamedInSource(): Map<string, string> {
  const named = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/optionRef\((?:[^()']*\?\?\s*)?'([^']+)'\)/g))
          named.set(m[1]!, relative(SRC, path));
      }
    }
  };
  walk(SRC);
  return named;
}

/** Options only a library caller can set (no flag); their errors never reach the CLI. */
// `jobs` as objects is evaluateRegression's own input (the CLI reads a job file with --job FILE);
// `components` is a registry object, which only code can pass; so is a user `pipeline` (a function
// or Runnable, with its `space` and `baseline`), which the CLI can only get from a project file.
const LIBRARY_ONLY = new Set<string>(['jobs', 'components', 'pipeline', 'pipeline.space', 'pipeline.baseline']);

describe('the options library errors name', () => {
  it('are each the name of a flag some command has (flag-names.ts lists the exceptions)', async () => {
    const io = { cwd: '.', out: () => {}, err: () => {}, stderrStream: process.stderr };
    const program = await buildProgram(io);
    const flags = new Set(
      [program, ...program.commands].flatMap((command) => command.options.map((option) => option.long)),
    );
    const named = optionsNamedInSource();
    // The scan finds them (18 when this test was written: llm, maxCost, storage, ...).
    expect(named.size).toBeGreaterThanOrEqual(18);
    const unknown = [...named]
      .filter(([option]) => !LIBRARY_ONLY.has(option) && !flags.has(flagOf(option)))
      .map(([option, file]) => `${option} (${file}) -> ${flagOf(option)}`);
    expect(unknown).toEqual([]);
  });
});
