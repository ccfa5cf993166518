import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../cli/run-cli.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';

const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-generate-llm-'));
mkdirSync(join(cwd, 'docs'));
writeFileSync(join(cwd, 'docs', 'alder.md'), '# Alder\n\nBackups of alder are kept for 14 days in cold storage.\n');
writeFileSync(join(cwd, 'docs', 'birch.md'), '# Birch\n\nBirch stores invoices for 90 days.\n');

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer();
  server.setFallback('chat', (request) => {
    const prompt = JSON.stringify(request.body.messages);
    if (request.body.response_format === undefined) return { kind: 'text', text: 'unknown' };
    if (prompt.includes('two-document items')) return { kind: 'json', value: { items: [] } };
    if (prompt.includes('Alder'))
      return {
        kind: 'json',
        value: {
          items: [
            {
              type: 'numeric',
              question: 'How long are alder backups retained?',
              answer: '14 days',
              evidence: 'Backups of alder are kept for 14 days in cold storage.',
            },
          ],
        },
      };
    return {
      kind: 'json',
      value: {
        items: [
          {
            type: 'numeric',
            question: 'How long does birch keep invoices?',
            answer: '90 days',
            evidence: 'Birch keeps invoices for 90 days.',
          },
        ],
      },
    };
  });
});
afterAll(() => server.stop());

describe('tune-rag generate --llm (loopback server)', () => {
  it('writes only items whose evidence is in the text, counts the rest, and caches the requests', async () => {
    const env = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-test-0123456789' };
    const args = ['generate', '--dataset', 'docs', '--out', 'gen', '--questions', '1', '--llm', 'openai:gpt-4o-mini'];
    const first = await runCliAsync(args, { cwd, env });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      `Generated 1 questions (llm:openai:gpt-4o-mini vqa-gen-3, seed 0) from 2 documents in ${join(cwd, 'gen')}`,
    );
    expect(lines.slice(3).map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'malformed 0',
      'evidence-in-text 1',
      'answer-in-evidence 0',
      'closed-book 0',
      'unambiguous 0',
      'unique 0',
      'coverage 0',
    ]);
    const [item] = readFileSync(join(cwd, 'gen', 'qa.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(item).toMatchObject({
      question: 'How long are alder backups retained?',
      answers: ['14 days'],
      gold_doc_ids: ['alder'],
      answer_spans: [{ doc_id: 'alder', start: 39, end: 46 }],
    });
    expect(readFileSync(join(cwd, 'docs', 'alder.md'), 'utf8').slice(39, 46)).toBe('14 days');
    expect(item.provenance).toMatchObject({ generator: 'llm:openai:gpt-4o-mini', version: 'qa-gen-3', seed: 0 });
    const sent = server.requests.length;
    expect(sent).toBe(4); // two documents, their pair, one closed-book probe
    const second = await runCliAsync(args, { cwd, env });
    expect(second.code).toBe(0);
    expect(server.requests.length).toBe(sent);
  });
});

describe('tune-rag generate --llm when the endpoint fails', () => {
  it('stops at a request that timed out after its retries (exit 2, what to check), and the same command finishes later', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tune-rag-generate-llm-down-'));
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', 'alder.md'), '# Alder\n\nBackups of alder are kept for 14 days in cold storage.\n');
    const down = await startLoopbackServer();
    down.setFallback('chat', () => ({ kind: 'hang' }));
    const args = ['generate', '--dataset', 'docs', '--out', 'gen', '--questions', '1', '--llm', 'openai:gpt-4o-mini'];
    const env = { OPENAI_BASE_URL: down.baseURL, OPENAI_API_KEY: 'sk-test-0123456789' };
    try {
      const failed = await runCliAsync([...args, '--llm-timeout', '0.2', '--types', 'numeric'], { cwd: dir, env });
      expect(failed.code).toBe(2);
      expect(failed.stderr).toMatch(/^error: run stopped: openai:gpt-4o-mini: request timed out \(\d+ attempts\)$/m);
      expect(failed.stderr).toContain('check that it is up, or give it longer with --llm-timeout SECONDS');
      expect(failed.stderr).not.toContain('internal error');
      expect(failed.stderr).not.toContain('sk-test-0123456789');
      expect(existsSync(join(dir, 'gen', 'qa.jsonl'))).toBe(false);
    } finally {
      await down.stop();
    }
    const up = await startLoopbackServer();
    up.setFallback('chat', (request) =>
      request.body.response_format === undefined
        ? { kind: 'text', text: 'unknown' }
        : {
            kind: 'json',
            value: {
              items: [
                {
                  type: 'numeric',
                  question: 'For how many days are alder backups kept in cold storage?',
                  answer: '14 days',
                  evidence: 'Backups of alder are kept for 14 days in cold storage.',
                },
              ],
            },
          },
    );
    try {
      const done = await runCliAsync([...args, '--types', 'numeric'], {
        cwd: dir,
        env: { ...env, OPENAI_BASE_URL: up.baseURL },
      });
      expect(done.stderr).toBe('');
      expect(done.code).toBe(0);
      expect(readFileSync(join(dir, 'gen', 'qa.jsonl'), 'utf8')).toContain('"answers":["14 days"]');
    } finally {
      await up.stop();
    }
  });

  it('counts a document the model refuses to write about with the malformed replies and goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tune-rag-generate-llm-refusal-'));
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', 'alder.md'), '# Alder\n\nBackups of alder are kept for 14 days in cold storage.\n');
    writeFileSync(join(dir, 'docs', 'birch.md'), '# Birch\n\nBirch stores invoices for 90 days.\n');
    const refusing = await startLoopbackServer();
    refusing.setFallback('chat', (request) => {
      if (request.body.response_format === undefined) return { kind: 'refusal', refusal: 'I cannot help with that.' };
      if (JSON.stringify(request.body.messages).includes('Birch stores'))
        return { kind: 'refusal', refusal: 'I cannot help with that.' };
      return {
        kind: 'json',
        value: {
          items: [
            {
              type: 'numeric',
              question: 'For how many days are alder backups kept?',
              answer: '14 days',
              evidence: 'Backups of alder are kept for 14 days in cold storage.',
            },
          ],
        },
      };
    });
    try {
      const result = await runCliAsync(
        [
          'generate',
          '--dataset',
          'docs',
          '--out',
          'gen',
          '--questions',
          '1',
          '--llm',
          'openai:gpt-4o-mini',
          '--types',
          'numeric',
        ],
        { cwd: dir, env: { OPENAI_BASE_URL: refusing.baseURL, OPENAI_API_KEY: 'sk-test-0123456789' } },
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const counts = result.stdout
        .trim()
        .split('\n')
        .slice(3)
        .map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '));
      // birch's request refused; alder's closed-book probe refused too, which is not knowing the answer.
      expect(counts).toContain('malformed 1');
      expect(counts).toContain('closed-book 0');
      expect(readFileSync(join(dir, 'gen', 'qa.jsonl'), 'utf8')).toContain('"answers":["14 days"]');
    } finally {
      await refusing.stop();
    }
  });
});
