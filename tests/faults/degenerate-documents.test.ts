import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CorpusDoc, Dataset } from '../../src/data/dataset-schema.js';
import { inspectDataset } from '../../src/data/inspect-dataset.js';
import { PipelineRunner } from '../../src/pipeline/pipeline-runner.js';
import { StageCache } from '../../src/pipeline/stage-cache.js';
import { ComponentRegistry } from '../../src/providers/component-registry.js';
import { buildCatalogue } from '../../src/space/catalogue.js';
import { CATALOGUE_DEFAULTS } from '../../src/space/catalogue-defaults.js';
import type { Config } from '../../src/space/parameter-schema.js';
import { resolveConfig } from '../../src/space/validate-config.js';
import { runCli } from '../cli/run-cli.js';

/**
 * One degenerate document (a boilerplate paragraph repeated 500 times, ~100 KB) added to a small
 * corpus of 24 distinct documents. Before identical vectors shared one HNSW node, its 500
 * identical chunks (one per paragraph at chunk.size 64) trapped every dense search and recall@4
 * was 0 for every local embedder; exact search would have found every gold document.
 */
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tu', 'vas', 'qui', 'dor'];
const OBJECTS = ['invoices', 'ledgers', 'manifests', 'receipts', 'journals', 'archives'];
const PLACES = ['northern', 'copper', 'granite', 'amber'];
const topics = Array.from({ length: 24 }, (_, i) => ({
  name: `${SYLLABLES[i % 8]}${SYLLABLES[(i * 3 + 1) % 8]}${SYLLABLES[Math.floor(i / 8) + 4]}`,
  object: OBJECTS[i % OBJECTS.length],
  place: PLACES[i % PLACES.length],
  limit: 100 + i,
}));
const docs: CorpusDoc[] = topics.map((t, i) => ({
  id: `doc-${i}`,
  title: `The ${t.name} module`,
  text:
    `# The ${t.name} module\n\nThe ${t.name} module keeps its ${t.object} in the ${t.place} vault. ` +
    `Its default ${t.name} retry limit is ${t.limit} attempts. Operators tune the ${t.name} limit in the settings file.`,
}));
const BOILERPLATE_PARAGRAPH =
  'This material is provided for information only. All trademarks belong to their owners. ' +
  'Reproduction or distribution of this material without permission is prohibited. Contact your administrator for the full terms.\n\n';
const boilerplate: CorpusDoc = { id: 'legal-boilerplate', title: 'Legal', text: BOILERPLATE_PARAGRAPH.repeat(500) };
const questions = topics.map((t, i) => ({
  id: `q${i}`,
  question: `Where does the ${t.name} module keep its ${t.object}?`,
  answers: [`the ${t.place} vault`],
  gold_doc_ids: [`doc-${i}`],
}));
const datasetOf = (corpus: CorpusDoc[], name: string): Dataset => ({
  name,
  source: 'memory',
  format: 'native',
  fingerprint: `${name}-v1`,
  hasAnswers: true,
  hasGold: true,
  docs: corpus,
  questions,
});
const clean = datasetOf(docs, 'clean');
const degenerate = datasetOf([...docs.slice(0, 12), boilerplate, ...docs.slice(12)], 'degenerate');

const components = new ComponentRegistry();
const catalogue = buildCatalogue(components.names());
const dense = (embedder: string) =>
  resolveConfig({
    config: {
      'chunk.strategy': 'recursive',
      'chunk.size': 64,
      'chunk.overlap': 0,
      retrieval: 'dense',
      embedder,
      top_k: 4,
      reranker: 'none',
      generator: 'extractive-span',
    },
    space: catalogue,
    defaults: CATALOGUE_DEFAULTS,
    source: 'test',
  }).config;

const dir = mkdtempSync(join(tmpdir(), 'degenerate-documents-'));
const cache = new StageCache({ dir });
afterAll(() => {
  cache.close();
  rmSync(dir, { recursive: true, force: true });
});

async function recallAt4(dataset: Dataset, config: Config): Promise<number> {
  const run = await new PipelineRunner({ dataset, cache, components }).run({ config });
  expect(run.failures).toBe(0);
  return run.metrics.recall_at_k as number;
}

describe('a degenerate document (one paragraph repeated ~100 KB)', () => {
  // Exact figures: recall@4 over the 24 questions, clean corpus then with the boilerplate added.
  // Before the fix the second figure was 0 for all three (every hit was a boilerplate chunk).
  it.each([
    ['hash-words', 1, 1],
    ['hash-chargrams', 1, 1],
    ['lsa', 1, 1],
  ])('leaves dense recall of %s as it is without it', async (embedder, before, after) => {
    expect(await recallAt4(clean, dense(embedder))).toBe(before);
    expect(await recallAt4(degenerate, dense(embedder))).toBe(after);
  });

  it('is reported by name as dominating and repetitive, with the fix; the clean corpus warns about nothing', () => {
    expect(inspectDataset({ dataset: clean }).warnings).toEqual([]);
    const warnings = inspectDataset({ dataset: degenerate }).warnings;
    expect(warnings.map((w) => w.code)).toEqual(['dominant-document', 'repetitive-documents']);
    for (const w of warnings) expect(w.message).toContain('"legal-boilerplate"');
  });

  it('the CLI names it in datasets inspect and before run starts, and run keeps recall@4 at 1', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'degenerate-cli-'));
    try {
      mkdirSync(join(cwd, 'boiler'));
      writeFileSync(
        join(cwd, 'boiler', 'corpus.jsonl'),
        degenerate.docs.map((d) => JSON.stringify(d)).join('\n') + '\n',
      );
      writeFileSync(join(cwd, 'boiler', 'qa.jsonl'), questions.map((q) => JSON.stringify(q)).join('\n') + '\n');
      const inspect = runCli(['datasets', 'inspect', 'boiler', '--json'], { cwd });
      expect(inspect.code).toBe(0);
      const warnings = JSON.parse(inspect.stdout).warnings as { code: string; message: string }[];
      expect(warnings.map((w) => w.code)).toEqual(['dominant-document', 'repetitive-documents']);
      const run = runCli(
        [
          'run',
          '--dataset',
          'boiler',
          '--set',
          'chunk.strategy=recursive',
          '--set',
          'chunk.size=64',
          '--set',
          'chunk.overlap=0',
          '--set',
          'retrieval=dense',
          '--set',
          'embedder=hash-words',
          '--set',
          'top_k=4',
          '--set',
          'reranker=none',
          '--json',
          'run.json',
        ],
        { cwd },
      );
      expect(run.code).toBe(0);
      const lines = run.stderr.split('\n');
      // Printed before the run (with --json, on stderr), the same lines as inspect gives.
      expect(lines.slice(0, 2)).toEqual(warnings.map((w) => `warning: ${w.message}`));
      expect(lines[0]).toMatch(
        /^warning: 1 document\(s\) dominate the corpus .*: "legal-boilerplate" 107,500 characters, .* — .*split it or remove it$/,
      );
      expect(lines[1]).toMatch(
        /^warning: 1 document\(s\) are highly repetitive .*: "legal-boilerplate" 0\.2% distinct, deflates to 0\.\d% — .*remove the repeats or boilerplate$/,
      );
      expect(JSON.parse(readFileSync(join(cwd, 'run.json'), 'utf8')).metrics.recall_at_k).toBe(1);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
