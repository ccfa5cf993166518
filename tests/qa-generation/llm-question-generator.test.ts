import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorpusDoc } from '../../src/data/dataset-schema.js';
import { generateLlmCandidates } from '../../src/qa-generation/llm/llm-question-generator.js';
import { generationUnits } from '../../src/qa-generation/llm/generation-units.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { testClient } from '../llm/test-client.js';

const docs: CorpusDoc[] = [
  {
    id: 'alder',
    title: 'Alder',
    text: 'The alder service answers health checks on port 7100. Backups are kept for 14 days in cold storage. To rotate keys, run `alderctl rotate`.',
  },
  { id: 'birch', title: 'Birch', text: 'Birch stores invoices for 90 days.' },
];

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.stop());

describe('LLM question generator (loopback server)', () => {
  it('keeps checked items with exact offsets and counts each rejection', async () => {
    server.enqueue(
      'chat',
      {
        kind: 'json',
        value: {
          items: [
            {
              type: 'numeric',
              question: 'How long are alder backups retained?',
              answer: '14 days',
              evidence: 'Backups are kept for 14 days in cold storage.',
            },
            {
              type: 'factoid',
              question: 'Which port does alder use for health?',
              answer: '7100',
              evidence: 'The alder service listens on port 7100.',
            }, // not in the text
            {
              type: 'how-to',
              question: 'How do I rotate alder keys?',
              answer: 'alderctl renew',
              evidence: 'To rotate keys, run `alderctl rotate`.',
            }, // answer not in evidence
            {
              type: 'numeric',
              question: 'Is port 7100 the alder health port?',
              answer: '7100',
              evidence: 'The alder service answers health checks on port 7100.',
            }, // answer in question
            {
              type: 'how-to',
              question: 'What command rotates alder keys?',
              answer: 'alderctl rotate',
              evidence: 'To rotate keys, run `alderctl rotate`.',
            },
            { type: 'unanswerable', question: 'Who founded the alder team?', answer: '', evidence: '' },
          ],
        },
      },
      // alder's closed-book probes, in candidate order: the first is not known, the second is
      { kind: 'text', text: 'unknown' },
      { kind: 'text', text: 'You run alderctl rotate.' },
      // birch: malformed twice (the reply and its repair round)
      { kind: 'raw', content: '{"items": [{"type": "numeric"' },
      { kind: 'raw', content: 'not json at all' },
    );
    const progress: string[] = [];
    const journaled: string[] = [];
    const { candidates, rejected } = await generateLlmCandidates({
      client: testClient(server),
      units: generationUnits({ docs, perDoc: 6, types: ['factoid', 'numeric', 'how-to', 'unanswerable'] }),
      onUnit: (id, result) => journaled.push(`${id} ${result.candidates.length}`),
      onProgress: (done, total) => progress.push(`${done}/${total}`),
    });
    expect(journaled).toEqual(['doc:alder 2', 'doc:birch 0']);
    expect(progress).toEqual(['0/2', '1/2', '2/2']);
    expect(rejected).toEqual({
      malformed: 1,
      spanNotInText: 1,
      answerNotInEvidence: 1,
      answerInQuestion: 1,
      closedBook: 1,
    });
    expect(candidates.map((c) => [c.type, c.question, c.answer])).toEqual([
      ['numeric', 'How long are alder backups retained?', '14 days'],
      ['unanswerable', 'Who founded the alder team?', ''],
    ]);
    const kept = candidates[0];
    expect(docs[0].text.slice(kept.answerStart, kept.answerEnd)).toBe('14 days');
    expect(docs[0].text.slice(kept.evidenceStart, kept.evidenceEnd)).toBe(
      'Backups are kept for 14 days in cold storage.',
    );
    expect(server.requests.filter((r) => r.route === 'chat')).toHaveLength(5);
  });
});
