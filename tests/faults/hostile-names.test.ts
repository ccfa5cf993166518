import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveExportTarget } from '../../src/chat/export-target.js';
import { main } from '../../src/cli/main.js';
import { isTuneRagError } from '../../src/errors.js';
import { EvalJobSchema } from '../../src/regression/eval-job-schema.js';
import { resolveInside } from '../../src/names/inside-folder.js';
import { USER_NAME_PATTERN, userNameProblem } from '../../src/names/user-name.js';
import { defaultStudyName } from '../../src/optimize/default-study-name.js';
import type { StudySettings } from '../../src/optimize/study-settings.js';
import { runCli, STACK_LINE } from '../cli/run-cli.js';

/** Every file and folder under `dir`, relative, sorted. */
function tree(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const rel = prefix + e.name;
      return e.isDirectory() ? [rel + '/', ...tree(join(dir, e.name), rel + '/')] : [rel];
    })
    .sort();
}

const HINT =
  'hint: Use a letter or digit, then up to 99 letters, digits, ".", "_" or "-" (no "..", no "/" or "\\"), e.g. --study my-study-1. To put the outputs in another folder, use --out DIR.';

describe('hostile --study names', () => {
  // The project sits four folders deep so that "../../../../x" would land inside `root`.
  const root = mkdtempSync(join(tmpdir(), 'tune-rag-names-'));
  const cwd = join(root, 'a', 'b', 'c', 'd');
  mkdirSync(cwd, { recursive: true });

  it.each([
    ['../../../../x', 'contains a path separator ("/"); a name is not a path'],
    [join(root, 'abs'), 'contains a path separator ("/"); a name is not a path'],
    ['sub/dir', 'contains a path separator ("/"); a name is not a path'],
    ['..\\..\\x', 'contains a path separator ("\\"); a name is not a path'],
    ['..', 'contains ".."; a name is not a path'],
    ['a\nb', 'contains a line break (U+000A)'],
    ['my study', 'contains a space'],
    ['.hidden', 'starts with "." (it must start with a letter or digit)'],
    ['C:evil', 'contains ":" (U+003A)'],
  ])('--study %j exits 2 before writing anything', (name, problem) => {
    const result = runCli(['tune', '--dataset', 'demo', '--budget', '1', '--study', name], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n').slice(0, 2)).toEqual([`error: --study ${JSON.stringify(name)}: ${problem}`, HINT]);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.stdout).toBe('');
    // Nothing anywhere under the temporary root: not outside the project, not even .tune-rag.
    expect(tree(root)).toEqual(['a/', 'a/b/', 'a/b/c/', 'a/b/c/d/']);
  });

  it('a 300-character name is refused with its length, shortened in the message', () => {
    const result = runCli(['tune', '--dataset', 'demo', '--budget', '1', '--study', 'x'.repeat(300)], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      `error: --study "${'x'.repeat(40)}…" (300 characters): is 300 characters long (at most 100)`,
    );
    expect(tree(root)).toEqual(['a/', 'a/b/', 'a/b/c/', 'a/b/c/d/']);
  });

  it('a NUL in the name (possible in-process, where argv cannot carry it) is refused', async () => {
    const lines: string[] = [];
    const io = {
      cwd,
      out: (l: string) => lines.push(l),
      err: (l: string) => lines.push(l),
      stderrStream: process.stderr,
    };
    const code = await main(['tune', '--dataset', 'demo', '--budget', '1', '--study', 'a\0b'], io);
    expect(code).toBe(2);
    expect(lines[0]).toBe('error: --study "a\\u0000b": contains a NUL character (U+0000)');
    expect(tree(root)).toEqual(['a/', 'a/b/', 'a/b/c/', 'a/b/c/d/']);
  });

  it('a dataset with an odd folder name gets a valid default study name, and its folder stays under .tune-rag/studies', () => {
    const data = join(cwd, '..odd name (v2)..');
    mkdirSync(data);
    writeFileSync(
      join(data, 'corpus.jsonl'),
      ['a', 'b', 'c']
        .map((id) => JSON.stringify({ id, text: `Document ${id}. The harbour of ${id} is called Harbor${id}.` }))
        .join('\n') + '\n',
    );
    writeFileSync(
      join(data, 'qa.jsonl'),
      ['a', 'b']
        .map((id) =>
          JSON.stringify({
            id: `q${id}`,
            question: `What is the harbour of ${id} called?`,
            answers: [`Harbor${id}`],
            gold_doc_ids: [id],
          }),
        )
        .join('\n') + '\n',
    );
    const result = runCli(['tune', '--dataset', data, '--budget', '1', '--no-fidelity', '--json', 'out.json'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const studies = readdirSync(join(cwd, '.tune-rag', 'studies'));
    expect(studies).toHaveLength(1);
    expect(studies[0]).toMatch(/^odd-name-v2-[0-9a-f]{6}-[0-9a-f]{8}$/);
    expect(readdirSync(join(cwd, '.tune-rag', 'studies', studies[0])).sort()).toEqual(['best.json', 'pareto.json']);
    expect(readdirSync(root)).toEqual(['a']);
  });
});

describe('hostile eval job names', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-eval-names-'));
  const baseline = join(__dirname, '../../pipelines/baseline.json');

  it("--name and a job file's name are refused with exit 2, naming the flag or the key", () => {
    const flag = runCli(['eval', '--config', baseline, '--dataset', 'demo', '--name', '../../x'], { cwd });
    expect(flag.code).toBe(2);
    expect(flag.stderr.split('\n').slice(0, 2)).toEqual([
      'error: --name "../../x": contains a path separator ("/"); a name is not a path',
      'hint: Use a letter or digit, then up to 99 letters, digits, ".", "_" or "-" (no "..", no "/" or "\\"), e.g. --name nightly-demo. The name groups runs in the history.',
    ]);
    writeFileSync(
      join(cwd, 'jobs.json'),
      JSON.stringify({ jobs: [{ name: 'nightly job', dataset: 'demo', config: baseline }] }),
    );
    const file = runCli(['eval', '--job', 'jobs.json'], { cwd });
    expect(file.code).toBe(2);
    expect(file.stderr).toContain(
      `error: invalid eval job file ${join(cwd, 'jobs.json')}:\n  - jobs[0].name: name contains a space: use a letter or digit`,
    );
    expect(file.stderr).not.toMatch(STACK_LINE);
    expect(readdirSync(cwd)).toEqual(['jobs.json']);
  });
});

describe('the user-name rule', () => {
  it('accepts ordinary names and refuses the rest with a reason', () => {
    for (const ok of ['demo', 'squad_v1.1_dev', 'nightly-demo', 'best-so-far.json', '0', 'a'.repeat(100)])
      expect(userNameProblem(ok)).toBeNull();
    expect(userNameProblem('')).toBe('is empty');
    expect(userNameProblem('a'.repeat(101))).toBe('is 101 characters long (at most 100)');
    expect(userNameProblem('-x')).toBe('starts with "-" (it must start with a letter or digit)');
    expect(userNameProblem('a\u2028b')).toBe('contains a line separator (U+2028)');
    expect(userNameProblem('a\u0007b')).toBe('contains a control character (U+0007)');
    expect(userNameProblem('café')).toBe('contains "é" (U+00E9)');
  });

  it('default study names are always valid names, whatever the dataset is called', () => {
    const settings = (name: string) =>
      ({
        dataset: { name, fingerprint: 'e1bbc1ffff', source: '', documents: 1 },
        spaceHash: 'h',
        seed: 0,
        proposer: 'auto',
        rungs: [1],
        eta: 3,
        baseline: {},
      }) as unknown as StudySettings;
    for (const name of ['demo', '..', '...a..b...', '_x', '-', 'über café', 'a/b\\c', '\n', 'x'.repeat(300), '']) {
      const study = defaultStudyName(settings(name));
      expect(study, name).toMatch(USER_NAME_PATTERN);
      expect(userNameProblem(study), name).toBeNull();
    }
    expect(defaultStudyName(settings('demo'))).toMatch(/^demo-e1bbc1-[0-9a-f]{8}$/);
    expect(defaultStudyName(settings('squad_v1.1_dev'))).toMatch(/^squad_v1\.1_dev-e1bbc1-[0-9a-f]{8}$/);
    expect(defaultStudyName(settings('a..b'))).toMatch(/^a\.b-e1bbc1-[0-9a-f]{8}$/);
    expect(defaultStudyName(settings('_x'))).toMatch(/^x-e1bbc1-[0-9a-f]{8}$/);
  });

  it('eval job names follow the same rule, naming the key', () => {
    const job = (name: string) => EvalJobSchema.safeParse({ name, dataset: 'demo', config: 'c.json' });
    expect(job('nightly-demo').success).toBe(true);
    const refused = job('../x');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [
        ['name'],
        'name contains a path separator ("/"); a name is not a path: use a letter or digit, then up to 99 letters, digits, ".", "_" or "-" (no "..", no "/" or "\\")',
      ],
    ]);
  });
});

describe('the second guard: resolved paths stay in their folder', () => {
  const folder = join(tmpdir(), 'tune-rag-guard', 'studies');

  it('resolves a plain name inside the folder', () => {
    expect(resolveInside({ folder, name: 'demo-1', what: 'study folder' })).toBe(join(folder, 'demo-1'));
    expect(resolveInside({ folder, name: '..demo', what: 'study folder' })).toBe(join(folder, '..demo'));
  });

  it.each(['../x', '/etc/passwd', 'a/../../x', '', '.', '..', 'a\0b'])(
    'refuses %j with the path it would have been',
    (name) => {
      let caught: unknown;
      try {
        resolveInside({ folder, name, what: 'study folder' });
      } catch (error) {
        caught = error;
      }
      expect(isTuneRagError(caught)).toBe(true);
      expect((caught as Error).message).toMatch(
        new RegExp(
          `^the study folder for ${JSON.stringify(name).replace(/[\\.()[\]]/g, '\\$&')} would be .+, outside ${folder.replace(/[.]/g, '\\.')}$`,
        ),
      );
      expect(existsSync(join(tmpdir(), 'tune-rag-guard'))).toBe(false);
    },
  );

  it('exports: names the rule and the folder; the default best.json is always allowed', () => {
    const defaultPath = join(folder, 'demo', 'best.json');
    expect(resolveExportTarget({ defaultPath })).toEqual({ ok: true, path: defaultPath });
    expect(resolveExportTarget({ path: 'mine.json', defaultPath })).toEqual({
      ok: true,
      path: join(folder, 'demo', 'mine.json'),
    });
    const hint = `Give a file name only (a letter or digit, then up to 99 letters, digits, ".", "_" or "-" (no "..", no "/" or "\\")), e.g. /export best-so-far.json; it is written in ${join(folder, 'demo')}.`;
    expect(resolveExportTarget({ path: 'my best.json', defaultPath })).toEqual({
      ok: false,
      problem: 'the export name "my best.json" contains a space; export writes only inside the study\'s output folder',
      hint,
    });
    expect(resolveExportTarget({ path: 'a\0.json', defaultPath })).toEqual({
      ok: false,
      problem:
        'the export name "a\\u0000.json" contains a NUL character (U+0000); export writes only inside the study\'s output folder',
      hint,
    });
    expect(resolveExportTarget({ path: '', defaultPath })).toEqual({
      ok: false,
      problem: 'the export name "" is empty; export writes only inside the study\'s output folder',
      hint,
    });
  });
});
