import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CorpusDoc } from '../../src/data/dataset-schema.js';
import { StageCache } from '../../src/pipeline/stage-cache.js';
import { QUESTION_TYPES } from '../../src/qa-generation/answer-candidates.js';
import { generateQaSet } from '../../src/qa-generation/generate-qa-set.js';
import { GenerationProvenanceSchema } from '../../src/qa-generation/generated-qa-item.js';
import { contentOverlap, MAX_SOURCE_OVERLAP } from '../../src/qa-generation/lexical-overlap.js';
import { loadSourceDocuments } from '../../src/qa-generation/load-source-documents.js';
import { containsAnswer } from '../../src/qa-generation/question-from-sentence.js';
import { openWorkspace } from '../../src/workspace/workspace.js';
import { writeRunbooks } from './fixture-corpus.js';

const root = mkdtempSync(join(tmpdir(), 'tune-rag-qagen-'));
const docsDir = join(root, 'docs');
const cache = new StageCache({ dir: join(root, 'cache') });
const workspace = openWorkspace({ cwd: root });
afterAll(() => cache.close());

async function generate(options: { docs: CorpusDoc[]; n: number; seed: number }) {
  return generateQaSet({
    ...options,
    types: QUESTION_TYPES,
    baseline: workspace.baseline,
    components: workspace.components,
    cache,
  });
}

describe('offline QA generation', async () => {
  mkdirSync(docsDir);
  writeRunbooks(docsDir);
  const { docs } = await loadSourceDocuments({ spec: docsDir, cwd: root });
  // The runbooks name their service in most sentences, so the probes answer most questions (see the fill test).
  const first = await generate({ docs, n: 4, seed: 3 });

  it('writes exact answer spans, never the answer in the question, within the overlap bound', () => {
    expect(first.items).toHaveLength(4);
    const byId = new Map(docs.map((d) => [d.id, d]));
    for (const item of first.items) {
      const span = item.answer_spans![0];
      const doc = byId.get(span.doc_id)!;
      expect(doc.text.slice(span.start, span.end)).toBe(item.answers[0]);
      expect(item.gold_doc_ids).toEqual([span.doc_id]);
      expect(containsAnswer({ question: item.question, answer: item.answers[0] })).toBe(false);
      const provenance = GenerationProvenanceSchema.parse(item.provenance);
      const sentence = doc.text.slice(provenance.source.sentence.start, provenance.source.sentence.end);
      expect(sentence).toContain(item.answers[0]);
      expect(contentOverlap({ a: item.question, b: sentence })).toBeLessThanOrEqual(MAX_SOURCE_OVERLAP);
      expect(provenance).toMatchObject({
        generator: 'offline-template',
        version: '8',
        seed: 3,
        filters: ['unambiguous', 'answerable', 'unique', 'discriminative', 'coverage'],
      });
    }
  });

  it('fills with questions every probe answers when none separates them, and counts every drop', () => {
    // The runbooks name their service in most sentences, so every question the weak probe (BM25,
    // top 1) answers the others answer too; since hash-words 3 the baseline probe also answers the
    // one that only the strong probe (hybrid, top 8) did, so no question separates them here and
    // four that every probe answers fill the set.
    expect(first.items.map((i) => GenerationProvenanceSchema.parse(i.provenance).probes_answered)).toEqual([
      1, 1, 1, 1,
    ]);
    expect(first.report.documents_covered).toBe(4);
    expect(first.report.type_counts).toEqual({ literal: 3, temporal: 1 });
    expect(first.report).toMatchObject({
      documents: 12,
      sentences: 84,
      informative_sentences: 72,
      candidates: 80,
      possible: 20,
      written: 4,
    });
    expect(first.report.filters.map((f) => [f.name, f.dropped])).toEqual([
      ['written', 60],
      ['unambiguous', 0],
      ['answerable', 0],
      ['unique', 0],
      ['discriminative', 16],
      ['coverage', 0],
    ]);
    expect(first.report.filters.find((f) => f.name === 'discriminative')!.reason).toBe(
      'answered by all 3 probe configurations and not needed (16; 4 used to fill), or by none (0)',
    );
    // The twelve runbooks state the same facts with other values: a question that does not name
    // its service has an answer in every runbook, so it is qualified with the runbook's heading.
    expect(first.report.filters.find((f) => f.name === 'unambiguous')!.reason).toMatch(
      /\(16 more were qualified with their document's title\)$/,
    );
    expect(first.items.filter((i) => /, according to "The \w+ service"\?$/.test(i.question))).toHaveLength(3);
  });

  it('is deterministic under --seed, and another seed picks other questions', async () => {
    const again = await generate({ docs, n: 4, seed: 3 });
    expect(again.items).toEqual(first.items);
    const other = await generate({ docs, n: 4, seed: 4 });
    expect(other.items.map((i) => i.question)).not.toEqual(first.items.map((i) => i.question));
  });

  it('says how many questions are possible when more are asked for', async () => {
    await expect(generate({ docs, n: 5000, seed: 3 })).rejects.toThrow(
      new RegExp(`^questions 5000: only ${first.report.possible} questions can be generated from these 12 documents`),
    );
    expect(readdirSync(docsDir)).toHaveLength(12);
  });
});
