import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const EXAMPLE = join(ROOT, 'examples/library');

/**
 * The package as a user gets it: `npm pack` (of the built dist/, as `npm test` builds first),
 * unpacked into a fresh project's node_modules/tune-rag, and examples/library type-checked with
 * `tsc --strict` against the packed .d.ts files and run. It proves `exports`, `types` and `files`
 * are right: a missing export, type or runtime file (prompts/, pipelines/, datasets/demo) fails.
 *
 * `npm install --offline <tarball>` would need every dependency's metadata in the npm cache,
 * which a fresh machine does not have (it fails with ENOTCACHED), and would rebuild the native
 * modules; so the tarball is unpacked by hand and the dependencies are this checkout's
 * node_modules, linked one by one (not the folder itself, which holds no tune-rag).
 *
 * Slow on purpose (~1 min: pack, tsc, 10 trials on 40 demo questions), hence its own timeout.
 */
describe('the packed package, used as a library', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tune-rag-package-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('type-checks the example with --strict and runs it: 10 trials and a best configuration', () => {
    const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .at(-1)!;
    const project = join(dir, 'project');
    const installed = join(project, 'node_modules', 'tune-rag');
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', join(dir, packed), '-C', installed, '--strip-components=1']);
    const modules = realpathSync(join(ROOT, 'node_modules'));
    for (const name of readdirSync(modules)) {
      if (name !== 'tune-rag') symlinkSync(join(modules, name), join(project, 'node_modules', name));
    }
    for (const file of ['index.ts', 'tsconfig.json']) copyFileSync(join(EXAMPLE, file), join(project, file));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'example', private: true, type: 'module' }));

    const tsc = join(modules, 'typescript', 'bin', 'tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--strict', '--noEmit'], {
      cwd: project,
      encoding: 'utf8',
    });
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' });
    const stdout = execFileSync(process.execPath, ['dist/index.js'], { cwd: project, encoding: 'utf8' });

    const trials = stdout.split('\n').filter((line) => /^trial #\d+ (complete|pruned|failed)/.test(line));
    expect(trials.map((line) => Number(/#(\d+)/.exec(line)![1]))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(stdout).toMatch(/^study \S+: 10 trials \(\d+ complete, \d+ pruned\)$/m);
    const best = /^best: #\d+ (\{.*\})$/m.exec(stdout);
    expect(best).not.toBeNull();
    expect(Object.keys(JSON.parse(best![1]))).toContain('chunk.size');
  }, 600_000);
});
