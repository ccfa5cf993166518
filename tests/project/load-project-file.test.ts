import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TuneRagError } from '../../src/errors.js';
import { findProjectFile, loadProjectFile } from '../../src/project/load-project-file.js';
import { spawnCli } from '../support/spawn-cli.js';

const EMBEDDINGS = `import { FakeEmbeddings } from '@langchain/core/utils/testing';`;

describe('project files', () => {
  let dir: string;
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const problem = async (file: string, label: string) => {
    const error = await loadProjectFile({ file, label }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TuneRagError);
    expect((error as TuneRagError).code).toBe('config');
    return (error as TuneRagError).message;
  };

  beforeAll(() => {
    // Inside the repository, so the files resolve @langchain/* from its node_modules.
    mkdirSync(join(__dirname, '../../.tmp'), { recursive: true });
    dir = mkdtempSync(join(__dirname, '../../.tmp/project-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads TypeScript through jiti, with the space resolved beside the file', async () => {
    const file = write(
      'a.config.ts',
      `${EMBEDDINGS}\nconst size: number = 4;\nexport default { space: './space.json', components: { embedders: [{ name: 'fake', embeddings: new FakeEmbeddings(), params: { size: { type: 'int', low: 1, high: size, default: 2 } } }] } };\n`,
    );
    const loaded = await loadProjectFile({ file });
    expect(loaded.space).toBe(join(dir, 'space.json'));
    expect(loaded.project.components?.embedders?.map((e) => e.name)).toEqual(['fake']);
    expect(loaded.project.components?.embedders?.[0].params).toEqual({
      size: { type: 'int', low: 1, high: 4, default: 2 },
    });
  });

  it('loads .mjs whose default export is an async function, and passes `pipeline` through', async () => {
    const file = write(
      'b.config.mjs',
      `${EMBEDDINGS}\nexport default async () => ({ pipeline: { anything: 1 }, components: { embedders: [{ name: 'fake', embeddings: new FakeEmbeddings() }] } });\n`,
    );
    const loaded = await loadProjectFile({ file });
    expect(loaded.project.pipeline).toEqual({ anything: 1 });
    expect(loaded.space).toBeNull();
  });

  it('loads .js and .json', async () => {
    const js = write('c.config.js', `export default { space: 'spaces/x.json' };\n`);
    expect((await loadProjectFile({ file: js })).space).toBe(join(dir, 'spaces/x.json'));
    const json = write(
      'd.config.json',
      JSON.stringify({
        space: { name: 's', parameters: [{ name: 'top_k', type: 'int', group: 'retrieval', low: 1, high: 3 }] },
      }),
    );
    expect((await loadProjectFile({ file: json })).space).toMatchObject({ name: 's' });
  });

  it('names the file and the key of every problem', async () => {
    const file = write(
      'e.config.mjs',
      `${EMBEDDINGS}\nexport default { components: { embedders: [{ name: 'ok', embeddings: new FakeEmbeddings() }, { name: 'Bad Name', embeddings: 42 }], retreivers: [] } };\n`,
    );
    const message = await problem(file, 'tune-rag.config.mjs');
    expect(message).toContain('tune-rag.config.mjs: components.embedders[1].name: use lower-case letters');
    expect(message).toContain(
      'tune-rag.config.mjs: components.embedders[1].embeddings: expected LangChain Embeddings (an object with embedDocuments, embedQuery)',
    );
    expect(message).toContain('tune-rag.config.mjs: components: Unrecognized key: "retreivers"');
  });

  it('checks declared parameters: a default outside its range names the knob', async () => {
    const file = write(
      'f.config.json',
      JSON.stringify({ components: { retrievers: [] }, space: 'x.json', pipeline: null }).replace(
        '"retrievers":[]',
        '"retrievers":[{"name":"r","create":1,"params":{"k":{"type":"int","low":1,"high":5,"default":9}}}]',
      ),
    );
    const message = await problem(file, 'p.json');
    expect(message).toContain('p.json: components.retrievers[0].create: expected a function');
    expect(message).toContain('p.json: components.retrievers[0].params.k.default: must be within [1, 5]');
  });

  it('reports a file that does not load, or has no default export, by name', async () => {
    expect(await problem(write('g.config.ts', 'export default {;\n'), 'g.config.ts')).toMatch(
      /^g\.config\.ts: cannot load: /,
    );
    expect(await problem(write('h.config.mjs', 'export const x = 1;\n'), 'h.config.mjs')).toBe(
      'h.config.mjs: no default export',
    );
    expect(await problem(join(dir, 'missing.ts'), 'missing.ts')).toBe('missing.ts: project file not found');
    expect(
      await problem(write('i.config.mjs', 'export default () => { throw new Error("no key"); };\n'), 'i.mjs'),
    ).toBe('i.mjs: its default-exported function failed: no key');
  });

  it('finds tune-rag.config.* in the working directory, .ts first', () => {
    const cwd = join(dir, 'find');
    mkdirSync(cwd);
    expect(findProjectFile(cwd)).toBeNull();
    writeFileSync(join(cwd, 'tune-rag.config.json'), '{}');
    writeFileSync(join(cwd, 'tune-rag.config.mjs'), 'export default {};');
    expect(findProjectFile(cwd)).toBe(join(cwd, 'tune-rag.config.mjs'));
  });

  it('the CLI exits 2 with the file and key, no stack trace, for a bad project file found in the working directory', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-project-cli-'));
    try {
      writeFileSync(join(cwd, 'tune-rag.config.json'), JSON.stringify({ components: { generators: [{ name: 'x' }] } }));
      const cli = spawnCli(['space'], { cwd });
      expect(await cli.exited).toBe(2);
      expect(cli.stderr()).toContain(
        'tune-rag.config.json: components.generators[0].model: expected a LangChain BaseChatModel',
      );
      expect(cli.stderr()).not.toMatch(/\n\s+at /);
      const flagged = spawnCli(['run', '--dataset', 'demo', '--config-file', 'nope.ts'], { cwd });
      expect(await flagged.exited).toBe(2);
      expect(flagged.stderr()).toContain('nope.ts: project file not found');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
