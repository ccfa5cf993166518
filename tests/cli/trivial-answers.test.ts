import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

/**
 * A tiny long-form set where the reference answers restate the question and the corpus talks
 * about something else: echoing the question is the best possible answer, so the warning must fire.
 */
function echoWinsDataset(cwd: string): string {
  const dir = join(cwd, 'echo-set');
  mkdirSync(dir);
  const topics = [
    'north garden gate',
    'river ferry timetable',
    'village bakery oven',
    'harbour lighthouse lamp',
    'school library catalogue',
    'mountain railway brakes',
  ];
  const corpus = topics.map((_topic, i) => ({
    id: `d${i}`,
    text: `Weather report ${i}. Clouds drift slowly over distant hills. Rain falls on quiet fields and empty roads.`,
  }));
  const qa = topics.map((topic, i) => {
    const question = `Why was the ${topic} repaired during the winter storm season?`;
    return { id: `q${i}`, question, answers: [question] };
  });
  writeFileSync(join(dir, 'corpus.jsonl'), corpus.map((d) => JSON.stringify(d)).join('\n') + '\n');
  writeFileSync(join(dir, 'qa.jsonl'), qa.map((q) => JSON.stringify(q)).join('\n') + '\n');
  return dir;
}

describe('trivial answers', () => {
  it('warns in --json, on stderr, in show and in the report when the echoed question beats every pipeline', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-trivial-'));
    echoWinsDataset(cwd);
    const result = runCli(
      [
        '--dataset',
        './echo-set',
        '--budget',
        '2',
        '--proposer',
        'random',
        '--seed',
        '1',
        '--no-fidelity',
        '--study',
        'echo',
        '--json',
        'out.json',
      ],
      { cwd },
    );
    expect(result.code).toBe(0);
    const out = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    // Each reference is its question: 8 content tokens, so the long-form rule picks content F1.
    expect(out.quality_metric).toEqual({
      metric: 'content_f1',
      reason: 'reference answers have a median of 8 content tokens (>= 6: long-form), so quality is content_f1',
    });
    expect(out.objectives.find((o: { name: string }) => o.name === 'quality').metric).toBe('content_f1');
    expect(out.trivial_answers).toMatchObject({
      metric: 'content_f1',
      questions: 6,
      scores: { empty: 0, echo: 1, stopwords: 0 },
    });
    // Compared on the same (here: all six) questions: the best's first-rung content F1 is what the warning quotes.
    expect(out.trivial_answers.best).toBeCloseTo(out.best.metrics.content_f1, 12);
    expect(out.trivial_answers.warning).toBe(
      `the question echoed scores 1.000 on content_f1, at or above the best configuration on the same questions (${out.trivial_answers.best.toFixed(3)}): ` +
        'content_f1 does not tell real answers from filler on this dataset; weigh retrieval more (--weights) and check answers with an LLM judge (tune-rag run --judge)',
    );
    expect(result.stderr).toContain(`warning: ${out.trivial_answers.warning}`);

    const show = runCli(['show', 'echo'], { cwd });
    expect(show.stdout).toContain('Quality metric: reference answers have a median of 8 content tokens');
    expect(show.stdout).toMatch(
      /^Trivial answers \(content_f1 on 6 first-rung questions, no pipeline\): empty 0\.000, question echoed 1\.000, stop-words 0\.000; best 0\.\d{3}; baseline 0\.\d{3}$/m,
    );
    expect(show.stdout).toContain(`WARNING: ${out.trivial_answers.warning}`);

    expect(runCli(['report', 'echo', '--out', 'report.html'], { cwd }).code).toBe(0);
    const html = readFileSync(join(cwd, 'report.html'), 'utf8');
    expect(html).toContain('<h2>Trivial answers</h2>');
    expect(html).toMatch(/<p class="bad"><b>Warning:<\/b> the question echoed scores 1\.000 on content_f1/);

    const run = runCli(['run', '--dataset', './echo-set', '--json', 'run.json'], { cwd });
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(cwd, 'run.json'), 'utf8'));
    expect(report.trivial_answers).toMatchObject({
      metric: 'content_f1',
      questions: 6,
      scores: { empty: 0, echo: 1, stopwords: 0 },
    });
    expect(report.trivial_answers.warning).toMatch(
      /^the question echoed scores 1\.000 on content_f1, at or above the configuration run \(0\.\d{3}\)/,
    );
  });

  it('stays quiet on the demo set, whose short answers keep SQuAD F1', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-trivial-'));
    const run = runCli(['run', '--dataset', 'demo', '--questions', '20'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'quality metric: reference answers have a median of 2 content tokens (< 6: short extractive), so quality is f1',
    );
    expect(run.stdout).toMatch(
      /^Trivial answers \(f1 on 20 questions, no pipeline\): empty 0\.000, question echoed 0\.\d{3}, stop-words 0\.\d{3}; this configuration 0\.\d{3}$/m,
    );
    expect(run.stdout).not.toContain('WARNING');
  });
});
