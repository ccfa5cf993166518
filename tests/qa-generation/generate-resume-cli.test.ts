import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../cli/run-cli.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';

const BIN = join(__dirname, '../../dist/src/cli/bin.js');
const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-generate-resume-'));
const facts = [
  ['alder', 'Alder backups are kept for 14 days in cold storage.', '14 days'],
  ['birch', 'Birch invoices are archived after 90 days.', '90 days'],
  ['cedar', 'Cedar rotates its signing keys every 30 days.', '30 days'],
  ['dogwood', 'Dogwood retries a failed upload 5 times.', '5 times'],
] as const;
mkdirSync(join(cwd, 'docs'));
for (const [name, text] of facts) writeFileSync(join(cwd, 'docs', `${name}.md`), `# ${name}\n\n${text}\n`);

const env = (server: LoopbackServer) => ({ OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-test-0123456789' });
const args = (out: string, cache: string) => [
  'generate',
  ...['--dataset', 'docs', '--out', out, '--questions', '4', '--types', 'numeric'],
  ...['--llm', 'openai:gpt-4o-mini', '--cache-dir', cache],
];
/** The documents whose question requests reached the server, in order. */
const askedAbout = (server: LoopbackServer, from: number) =>
  server.requests
    .slice(from)
    .filter((r) => r.body.response_format !== undefined)
    .map((r) => facts.find(([name]) => JSON.stringify(r.body.messages).includes(`# ${name}`))![0]);

let server: LoopbackServer;
let victim: ChildProcess | null = null;
let questionRequests = 0;
beforeAll(async () => {
  server = await startLoopbackServer();
  server.setFallback('chat', (request) => {
    if (request.body.response_format === undefined) return { kind: 'text', text: 'unknown' };
    // The third document's request never gets its answer: the process is killed while waiting for it.
    if (++questionRequests === 3 && victim) {
      victim.kill('SIGKILL');
      return { kind: 'hang' };
    }
    const [name, text, answer] = facts.find(([n]) => JSON.stringify(request.body.messages).includes(`# ${n}`))!;
    return {
      kind: 'json',
      value: { items: [{ type: 'numeric', question: `How long or how often, for ${name}?`, answer, evidence: text }] },
    };
  });
});
afterAll(() => server.stop());

describe('tune-rag generate --llm, killed and resumed', () => {
  it('a SIGKILLed run resumes from its journal: nothing asked twice, the same dataset as an uninterrupted run', async () => {
    const killed = await new Promise<string | null>((resolve) => {
      victim = spawn(process.execPath, [BIN, ...args('part', 'cache-1')], {
        cwd,
        env: { ...process.env, TUNE_RAG_DEBUG: '', ...env(server) },
        stdio: 'ignore',
      });
      victim.on('close', (_code, signal) => resolve(signal));
    });
    victim = null;
    expect(killed).toBe('SIGKILL');
    const beforeKillAsked = askedAbout(server, 0);
    expect(beforeKillAsked).toHaveLength(3);
    expect(existsSync(join(cwd, 'part', 'qa.jsonl'))).toBe(false);
    const journal = readFileSync(join(cwd, 'part', 'generation.partial.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(journal.slice(1).map((line) => JSON.parse(line).unit)).toEqual(
      beforeKillAsked.slice(0, 2).map((name) => `doc:${name}`),
    );

    // A fresh request cache: only the journal can spare the two finished documents.
    const from = server.requests.length;
    const resumed = await runCliAsync([...args('part', 'cache-2'), '--resume'], { cwd, env: env(server) });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(askedAbout(server, from)).toEqual(
      beforeKillAsked.slice(2).concat(facts.map(([name]) => name).filter((name) => !beforeKillAsked.includes(name))),
    );
    expect(existsSync(join(cwd, 'part', 'generation.partial.jsonl'))).toBe(false);

    const whole = await runCliAsync(args('whole', 'cache-3'), { cwd, env: env(server) });
    expect(whole.code).toBe(0);
    for (const name of ['corpus.jsonl', 'qa.jsonl', 'generation.json'])
      expect(readFileSync(join(cwd, 'part', name), 'utf8')).toBe(readFileSync(join(cwd, 'whole', name), 'utf8'));
    expect(
      readFileSync(join(cwd, 'whole', 'qa.jsonl'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(4);
  });
});
