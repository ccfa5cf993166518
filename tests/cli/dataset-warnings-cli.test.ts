import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const jsonl = (...records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** One question whose gold span is in d1 (the chunk bm25 retrieves) while its answer text is only in d2. */
function lighthouse(goldSpans: unknown): string {
  const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-warn-'));
  const dir = join(cwd, 'lighthouse');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'corpus.jsonl'),
    jsonl(
      { id: 'd1', text: 'The lighthouse keeper lit the lamp every night at dusk.' },
      { id: 'd2', text: 'Whale oil burned bright in old lamps.' },
    ),
  );
  writeFileSync(
    join(dir, 'qa.jsonl'),
    jsonl({
      id: 'q1',
      question: 'When did the lighthouse keeper light the lamp?',
      answers: ['whale oil'],
      gold_spans: goldSpans,
    }),
  );
  return cwd;
}
const RUN = [
  'run',
  '--dataset',
  'lighthouse',
  '--set',
  'retrieval=bm25',
  '--set',
  'top_k=1',
  '--set',
  'chunk.size=64',
  '--set',
  'reranker=none',
];

describe('dataset warnings in the CLI', () => {
  it('gold_spans of the right shape judges retrieval by the span: the retrieved chunk overlaps it', () => {
    const cwd = lighthouse([{ doc_id: 'd1', start: 0, end: 20 }]);
    const result = runCli([...RUN, '--json', 'run.json'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const out = JSON.parse(readFileSync(join(cwd, 'run.json'), 'utf8'));
    expect(out.metrics.recall_at_k).toBe(1);
    expect(out.metrics.hit_rate).toBe(1);
    expect(out.dataset_warnings).toEqual([]);
  });

  it('gold_spans of another shape is ignored with a warning: on stdout for run, on stderr and in the JSON with --json', () => {
    const cwd = lighthouse([{ doc: 'd1', begin: 0, stop: 20 }]);
    const warning =
      'warning: qa.jsonl: "gold_spans" was ignored (1 of 1 questions, first "q1"): it is read as answer_spans only in the shape [{"doc_id", "start", "end"}] — here field "gold_spans[0].doc_id" is missing (expected a document id (string)); convert it to character offsets into the document text, or list the documents in gold_doc_ids';
    const plain = runCli(RUN, { cwd });
    expect(plain.code).toBe(0);
    expect(plain.stdout.split('\n')).toContain(warning);
    expect(plain.stdout.split('\n').filter((l) => l.startsWith('warning: '))).toHaveLength(2); // and: no question has gold

    const quiet = runCli([...RUN, '--json', 'run.json'], { cwd });
    expect(quiet.stdout).toBe('');
    expect(quiet.stderr.split('\n')).toContain(warning);
    const out = JSON.parse(readFileSync(join(cwd, 'run.json'), 'utf8'));
    // Without the span, relevance falls back to answer containment: "whale oil" is not in the retrieved d1.
    expect(out.metrics.recall_at_k).toBe(0);
    expect(out.dataset_warnings.map((w: { code: string }) => w.code)).toEqual([
      'gold-spans-ignored',
      'questions-without-gold',
    ]);

    const inspect = runCli(['datasets', 'inspect', 'lighthouse', '--json'], { cwd });
    expect(JSON.parse(inspect.stdout).warnings).toEqual(out.dataset_warnings);
    expect(JSON.parse(inspect.stdout).warnings[1]).toEqual({
      code: 'questions-without-gold',
      value: 1,
      threshold: 0,
      message:
        'no question has gold_doc_ids or answer_spans (warn above 0%): their retrieval is judged only by whether a chunk contains an answer — add the documents (gold_doc_ids) or answer locations (answer_spans)',
    });

    const tune = runCli(['--dataset', 'lighthouse', '--budget', '1', '--no-fidelity', '--json', 'tune.json'], { cwd });
    expect(tune.code).toBe(0);
    expect(tune.stderr.split('\n')).toContain(warning);
    expect(JSON.parse(readFileSync(join(cwd, 'tune.json'), 'utf8')).dataset_warnings).toEqual(out.dataset_warnings);
  });
});
