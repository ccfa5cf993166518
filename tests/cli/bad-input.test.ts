import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, STACK_LINE } from './run-cli.js';

const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-cli-'));

function dataset(name: string, corpus: string, qa: string): string {
  const dir = join(cwd, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'corpus.jsonl'), corpus);
  writeFileSync(join(dir, 'qa.jsonl'), qa);
  return dir;
}
const doc = (id: string, text = 'Some text about ports. The port is 7420.') => JSON.stringify({ id, text }) + '\n';
const question = (id: string, gold = 'a') =>
  JSON.stringify({ id, question: 'What is the port?', answers: ['7420'], gold_doc_ids: [gold] }) + '\n';

/** Every bad input: exit code 2, a message naming the place, and no stack trace. */
function expectCleanError(args: string[], message: RegExp): void {
  const result = runCli(args, { cwd });
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(STACK_LINE);
}

describe('bad input on the command line', () => {
  it('unknown flag, with a suggestion', () =>
    expectCleanError(
      ['run', '--dataset', 'demo', '--quesions', '5'],
      /unknown option '--quesions'[\s\S]*--questions[\s\S]*tune-rag run --help/,
    ));
  it('bad flag value of the default command points at tune --help, not at the dataset name', () =>
    expectCleanError(
      ['--dataset', 'demo', '--max-failure-rate', 'abc'],
      /--max-failure-rate[^\n]*got "abc"[\s\S]*Run "tune-rag tune --help" to see the flags\./,
    ));
  it('missing required flag', () => expectCleanError(['run'], /required option '--dataset <name\|dir>' not specified/));
  it('bad number', () =>
    expectCleanError(
      ['run', '--dataset', 'demo', '--questions', 'ten'],
      /--questions.*expected a positive whole number, got "ten"/,
    ));
  it('unknown command', () =>
    expectCleanError(['rnu', '--dataset', 'demo'], /unknown command 'rnu'\. Did you mean "run"\?/));
  it('dataset not found', () =>
    expectCleanError(['run', '--dataset', 'no-such-set'], /dataset "no-such-set" not found[\s\S]*Bundled: demo/));
  it('unknown config key in --set', () =>
    expectCleanError(
      ['run', '--dataset', 'demo', '--set', 'chunk.sise=128'],
      /--set chunk\.sise=128: unknown key "chunk\.sise"\. Did you mean "chunk\.size"\?/,
    ));
  it('out-of-range value', () =>
    expectCleanError(['run', '--dataset', 'demo', '--set', 'top_k=500'], /"top_k" = 500 is out of range \[1, 50\]/));
  it('malformed --set', () => expectCleanError(['run', '--dataset', 'demo', '--set', 'top_k'], /expected key=value/));

  it('unknown key and invalid JSON in a --config file', () => {
    writeFileSync(join(cwd, 'unknown.json'), JSON.stringify({ 'chunk.size': 128, retreival: 'bm25' }));
    expectCleanError(
      ['run', '--dataset', 'demo', '--config', 'unknown.json'],
      /unknown\.json[\s\S]*unknown key "retreival"\. Did you mean "retrieval"\?/,
    );
    writeFileSync(join(cwd, 'broken.json'), '{\n  "top_k": 5,\n}\n');
    expectCleanError(['run', '--dataset', 'demo', '--config', 'broken.json'], /broken\.json:3:1: invalid JSON/);
    expectCleanError(
      ['run', '--dataset', 'demo', '--config', 'missing.json'],
      /cannot read configuration .*missing\.json: file not found/,
    );
  });

  it('invalid search space file', () => {
    writeFileSync(
      join(cwd, 'space.json'),
      JSON.stringify({ parameters: [{ name: 'top_k', type: 'int', group: 'retrieval', low: 1, high: 99 }] }),
    );
    expectCleanError(
      ['space', '--space', 'space.json'],
      /space\.json[\s\S]*"top_k": range \[1, 99\] exceeds the supported \[1, 50\]/,
    );
  });
});

describe('bad dataset files', () => {
  it('malformed JSON line', () => {
    const dir = dataset('malformed', doc('a') + '{"id": "b", "text": \n', question('q1'));
    expectCleanError(['run', '--dataset', dir], /corpus\.jsonl:2: malformed JSON/);
  });
  it('missing field', () => {
    const dir = dataset('missing-field', doc('a'), JSON.stringify({ id: 'q1', answers: ['x'] }) + '\n');
    expectCleanError(['run', '--dataset', dir], /qa\.jsonl:1: field "question"/);
  });
  it('duplicate id', () => {
    const dir = dataset('duplicate', doc('a') + doc('a'), question('q1'));
    expectCleanError(['datasets', 'inspect', dir], /corpus\.jsonl:2.*duplicate.*"a"/i);
  });
  it('gold id not in corpus', () => {
    const dir = dataset('gold', doc('a'), question('q1', 'zz'));
    expectCleanError(['run', '--dataset', dir], /qa\.jsonl:1.*"zz"/);
  });
  it('empty document text', () => {
    const dir = dataset('empty', doc('a', '   '), question('q1'));
    expectCleanError(['run', '--dataset', dir], /corpus\.jsonl:1.*empty/i);
  });
  it('wrong encoding', () => {
    const dir = dataset('utf16', '', question('q1'));
    writeFileSync(
      join(dir, 'corpus.jsonl'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(doc('a'), 'utf16le')]),
    );
    expectCleanError(['run', '--dataset', dir], /corpus\.jsonl.*not valid UTF-8.*UTF-16[\s\S]*iconv/);
  });
  it('unreadable file', () => {
    const dir = dataset('unreadable', doc('a'), question('q1'));
    const qa = join(dir, 'qa.jsonl');
    require('node:fs').rmSync(qa);
    mkdirSync(qa);
    expectCleanError(['run', '--dataset', dir], /qa\.jsonl/);
  });
});
