import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readSteerFile, steerFileRefusal } from '../../src/chat/steer-file.js';
import { DatasetIssues } from '../../src/data/dataset-issues.js';
import { readJsonl } from '../../src/data/read-jsonl.js';
import { readQaCsv } from '../../src/data/read-qa-csv.js';
import { parseObjectives, parseWeights } from '../../src/optimize/objectives.js';
import { parseRungFractions, planRungs } from '../../src/optimize/pruners/rung-schedule.js';
import { activeParamNames } from '../../src/space/active-params.js';
import { completeSearchSpace } from '../../src/space/load-space.js';
import { openWorkspace } from '../../src/workspace/workspace.js';
import { runCli, STACK_LINE } from '../cli/run-cli.js';
import { cliText } from '../support/cli-text.js';
import { isTuneRagError } from '../../src/errors.js';

const workspace = openWorkspace({ cwd: tmpdir() });
const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-validation-'));

function write(name: string, text: string): string {
  const path = join(cwd, name);
  writeFileSync(path, text);
  return path;
}

/** The message of what `fn` throws (sync or async). */
async function messageOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (error) {
    return isTuneRagError(error) ? cliText(error).message : (error as Error).message;
  }
  throw new Error('expected an error');
}

const space = (parameters: unknown[]) => ({
  raw: { parameters },
  catalogue: workspace.catalogue,
  fixed: workspace.defaults,
  source: 'cyc.space.json',
});

describe('cyclic when conditions', () => {
  it('a cycle through a built-in condition names both links', async () => {
    const message = await messageOf(() =>
      completeSearchSpace(
        space([
          {
            name: 'retrieval',
            type: 'categorical',
            group: 'retrieval',
            values: ['dense', 'hybrid'],
            when: { embedder: ['lsa'] },
          },
          { name: 'embedder', type: 'categorical', group: 'embedder', values: ['hash-words', 'lsa'] },
        ]),
      ),
    );
    expect(message).toBe(
      'invalid search space cyc.space.json:\n  - "when" conditions form a cycle retrieval -> embedder -> retrieval, so these parameters could never be active ' +
        '(retrieval -> embedder: parameters[0] ("retrieval").when.embedder; embedder -> retrieval: the built-in condition of "embedder"); remove one of these conditions',
    );
  });

  it('a parameter conditioned on itself, and a three-parameter cycle in the file', async () => {
    expect(
      await messageOf(() =>
        completeSearchSpace(
          space([{ name: 'top_k', type: 'int', group: 'retrieval', low: 1, high: 5, when: { top_k: [1] } }]),
        ),
      ),
    ).toBe(
      'invalid search space cyc.space.json:\n  - "when" conditions form a cycle top_k -> top_k, so "top_k" could never be active (top_k -> top_k: parameters[0] ("top_k").when.top_k); remove one of these conditions',
    );
    expect(
      await messageOf(() =>
        completeSearchSpace(
          space([
            { name: 'top_k', type: 'int', group: 'retrieval', low: 1, high: 5, when: { 'context.max_tokens': [512] } },
            {
              name: 'context.max_tokens',
              type: 'categorical',
              group: 'context',
              values: [512, 1024],
              when: { reranker: ['none'] },
            },
            {
              name: 'reranker',
              type: 'categorical',
              group: 'reranking',
              values: ['none', 'mmr'],
              when: { top_k: [1] },
            },
          ]),
        ),
      ),
    ).toBe(
      'invalid search space cyc.space.json:\n  - "when" conditions form a cycle top_k -> context.max_tokens -> reranker -> top_k, so these parameters could never be active ' +
        '(top_k -> context.max_tokens: parameters[0] ("top_k").when.context.max_tokens; context.max_tokens -> reranker: parameters[1] ("context.max_tokens").when.reranker; reranker -> top_k: parameters[2] ("reranker").when.top_k); remove one of these conditions',
    );
  });

  it('a condition on a later parameter (no cycle) now works: the parameter moves after it', () => {
    const completed = completeSearchSpace(
      space([
        {
          name: 'chunk.size',
          type: 'categorical',
          group: 'chunking',
          values: [128, 256],
          when: { reranker: ['none'] },
        },
        { name: 'reranker', type: 'categorical', group: 'reranking', values: ['none', 'mmr'] },
      ]),
    );
    const names = completed.parameters.map((p) => p.name);
    expect(names.indexOf('chunk.size')).toBe(names.indexOf('reranker') + 1);
    const config = { ...workspace.defaults, reranker: 'none', 'chunk.size': 128 };
    expect(activeParamNames(completed, config)).toContain('chunk.size');
    expect(activeParamNames(completed, { ...config, reranker: 'mmr' })).not.toContain('chunk.size');
    // The catalogue's own order is kept for every space without such a condition.
    expect(
      completeSearchSpace(space([{ name: 'top_k', type: 'int', group: 'retrieval', low: 1, high: 5 }])).parameters.map(
        (p) => p.name,
      ),
    ).toEqual(workspace.catalogue.parameters.map((p) => p.name));
  });

  it('the CLI exits 2 with the cycle and the file', () => {
    write(
      'cyc.space.json',
      JSON.stringify({
        parameters: [
          {
            name: 'retrieval',
            type: 'categorical',
            group: 'retrieval',
            values: ['dense', 'hybrid'],
            when: { embedder: ['lsa'] },
          },
          { name: 'embedder', type: 'categorical', group: 'embedder', values: ['hash-words', 'lsa'] },
        ],
      }),
    );
    const result = runCli(['space', '--space', 'cyc.space.json'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'error: invalid search space cyc.space.json:\n  - "when" conditions form a cycle retrieval -> embedder -> retrieval, so these parameters could never be active',
    );
    expect(result.stderr).not.toMatch(STACK_LINE);
  });
});

describe('weights that are all 0', () => {
  const objectives = parseObjectives('quality,retrieval,latency');
  it('every named weight 0, or the only one given 0 (the others weigh 0 when left out)', async () => {
    expect(await messageOf(() => parseWeights('quality=0,retrieval=0,latency=0', objectives))).toBe(
      '--weights "quality=0,retrieval=0,latency=0": every objective weighs 0 (quality=0, retrieval=0, latency=0), so no configuration could rank above another',
    );
    expect(await messageOf(() => parseWeights('latency=0', objectives))).toBe(
      '--weights "latency=0": every objective weighs 0 (quality=0, retrieval=0, latency=0), so no configuration could rank above another',
    );
    expect(await messageOf(() => parseWeights(' , ', objectives))).toBe(
      '--weights " , ": no weight is given, so no configuration could rank above another',
    );
    expect(parseWeights('quality=0,latency=0.5', objectives)).toEqual({ quality: 0, latency: 0.5 });
  });

  it('the CLI exits 2 with the hint', () => {
    const result = runCli(['tune', '--dataset', 'demo', '--budget', '1', '--weights', 'quality=0,retrieval=0'], {
      cwd,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: --weights "quality=0,retrieval=0": every objective weighs 0 (quality=0, retrieval=0, latency=0, cost=0), so no configuration could rank above another\n' +
        'hint: Give at least one objective a weight above 0, e.g. --weights quality=1 (objectives left out weigh 0).\n',
    );
  });
});

describe('--rungs out of order or repeated', () => {
  it('is an error naming both values, not a silent sort or de-duplication', async () => {
    expect(await messageOf(() => parseRungFractions('0.33,0.11,1'))).toBe(
      '--rungs "0.33,0.11,1": 0.11 comes after 0.33; rungs must grow',
    );
    expect(await messageOf(() => parseRungFractions('0.11,0.11,1'))).toBe(
      '--rungs "0.11,0.11,1": 0.11 is listed twice',
    );
    expect(await messageOf(() => parseRungFractions('0.5,1.5'))).toBe('--rungs: 1.5 is not a fraction in (0, 1]');
    expect(await messageOf(() => planRungs({ questionCount: 90, fractions: [1, 0.5] }))).toBe(
      '--rungs "1,0.5": 0.5 comes after 1; rungs must grow',
    );
    expect(planRungs({ questionCount: 90, fractions: parseRungFractions('0.11,0.33,1') })).toEqual([10, 30, 90]);
  });

  it('the CLI exits 2 with a corrected example', () => {
    const result = runCli(['tune', '--dataset', 'demo', '--budget', '1', '--rungs', '0.33,0.11,0.11,1'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: --rungs "0.33,0.11,0.11,1": 0.11 comes after 0.33; rungs must grow\nhint: List each fraction once, in increasing order, e.g. --rungs 0.11,0.33,1\n',
    );
  });
});

describe('steer files', () => {
  it.each([
    ['U+2028', '/pin reranker=none\u2028/status\n', 'steer.txt:1:19: the line holds a line separator (U+2028)'],
    ['U+2029', '/status\n/pin reranker=none\u2029\n', 'steer.txt:2:19: the line holds a paragraph separator (U+2029)'],
    ['NEL', '/pin reranker=none\u0085\n', 'steer.txt:1:19: the line holds a next-line character (NEL) (U+0085)'],
    ['a lone CR', '/status\r/pareto\r\n', 'steer.txt:1:8: the line holds a carriage return (U+000D)'],
    ['a form feed in a comment', '# page\f2\n/status\n', 'steer.txt:1:7: the line holds a form feed (U+000C)'],
    [
      'a line after a multi-byte one',
      '/pin prompt=é\n  \u2028/status\n',
      'steer.txt:2:3: the line holds a line separator (U+2028)',
    ],
  ])('%s inside a line is an error at the line and column an editor shows', async (_, text, expected) => {
    expect(await messageOf(() => readSteerFile(write('steer.txt', text), 'steer.txt'))).toBe(
      `${expected}, which some programs show as a line break and most show as nothing`,
    );
  });

  it('CRLF line ends are ordinary, and line numbers count "\\n" only', async () => {
    const messages = await readSteerFile(write('steer.txt', '# c\r\n/status\r\n\r\n@2 /pareto\r\n'), 'steer.txt');
    expect(messages).toEqual([
      { afterTrials: 0, text: '/status', source: 'steer.txt:2' },
      { afterTrials: 2, text: '/pareto', source: 'steer.txt:4' },
    ]);
  });

  it('a file with no message is an error', async () => {
    expect(await messageOf(() => readSteerFile(write('steer.txt', '\n# nothing yet\n   \n'), 'steer.txt'))).toBe(
      'steer file steer.txt has no message: every line is blank or a # comment',
    );
  });

  it('refusal: only when every message reached was refused', () => {
    const message = (n: number, text: string) => ({ afterTrials: 0, text, source: `s.txt:${n}` });
    expect(steerFileRefusal({ display: 's.txt', outcomes: [] })).toBeNull();
    expect(
      steerFileRefusal({
        display: 's.txt',
        outcomes: [
          { message: message(1, '/pin nope=1'), ok: false, reason: 'x' },
          { message: message(2, '/status'), ok: true, reason: '' },
        ],
      }),
    ).toBeNull();
    expect(
      steerFileRefusal({
        display: 's.txt',
        outcomes: [{ message: message(1, '/frobnicate'), ok: false, reason: 'unknown command /frobnicate.' }],
      })?.message,
    ).toBe(
      'steer file s.txt: none of its message could be applied, so the search ran unsteered:\n  - s.txt:1 "/frobnicate": unknown command /frobnicate.',
    );
  });

  it('a chat whose every steer line is refused saves its trials and outputs, then exits 2 naming each line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tune-rag-steer-refused-'));
    writeFileSync(join(dir, 'steer.txt'), '/pin nope=1\n@1 /frobnicate\n@1 make it faster\n');
    const result = runCli(
      [
        'chat',
        '--dataset',
        'demo',
        '--budget',
        '2',
        '--questions',
        '20',
        '--no-fidelity',
        '--steer-file',
        'steer.txt',
        '--study',
        'refused',
      ],
      { cwd: dir },
    );
    expect(result.code).toBe(2);
    const error = result.stderr.slice(result.stderr.indexOf('error: '));
    expect(error.split('\n').slice(0, 4)).toEqual([
      'error: steer file steer.txt: none of its 3 messages could be applied, so the search ran unsteered:',
      '  - steer.txt:1 "/pin nope=1": unknown parameter "nope". Parameters: chunk.strategy, chunk.size, chunk.overlap, retrieval, embedder, fusion, fusion.weight, top_k, reranker, rerank.candidates…',
      '  - steer.txt:2 "/frobnicate": unknown command /frobnicate.',
      '  - steer.txt:3 "make it faster": Free-text messages need an LLM to interpret them: start the chat with --llm openai:gpt-4o-mini (OPENAI_API_KEY set), or point OPENAI_BASE_URL at any OpenAI-com…',
    ]);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(readdirSync(join(dir, '.tune-rag', 'studies', 'refused')).sort()).toEqual(['best.json', 'pareto.json']);
    expect(result.stdout).toContain('2 complete');
  });
});

describe('line separators in datasets', () => {
  const schema = z.object({ id: z.string(), text: z.string() });

  it('jsonl: U+2028, U+2029 and NEL inside a JSON string stay in the text, and line numbers count "\\n" only', async () => {
    const path = write(
      'corpus.jsonl',
      [
        JSON.stringify({ id: 'a', text: 'one\u2028two' }),
        JSON.stringify({ id: 'b', text: 'three\u2029four\u0085five' }),
        '{"id": "c", "text": 5}',
        '',
        '{"id": "d" "text": "x"}',
      ].join('\r\n'),
    );
    const issues = new DatasetIssues();
    const records = await readJsonl({ path, label: 'corpus.jsonl', what: 'docs', schema, issues });
    expect(records).toEqual([
      { line: 1, value: { id: 'a', text: 'one\u2028two' } },
      { line: 2, value: { id: 'b', text: 'three\u2029four\u0085five' } },
    ]);
    expect(issues.list().map((m) => m.slice(0, m.indexOf(':', 'corpus.jsonl:'.length)))).toEqual([
      'corpus.jsonl:3',
      'corpus.jsonl:5',
    ]);
  });

  it('qa.csv: a separator in a cell is text; a problem row is named by the line it starts on, also after multi-line cells and CRLF', async () => {
    const path = write(
      'qa.csv',
      'id,question,answers\r\n1,"What is\u2028this?",x\r\n2,"a two\r\nline question",y\r\n3,"",z\r\n4,,"p\r\nq"\r\n',
    );
    const issues = new DatasetIssues();
    const items = await readQaCsv({ path, label: 'qa.csv', issues, warnings: [] });
    expect(items.map((i) => [i.line, i.value.question])).toEqual([
      [2, 'What is\u2028this?'],
      [3, 'a two\r\nline question'],
    ]);
    expect(issues.list()).toEqual([
      'qa.csv:5: column "question" is empty — write the question or remove the row',
      'qa.csv:6: column "question" is empty — write the question or remove the row',
    ]);
    expect(existsSync(path)).toBe(true);
  });
});
