import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorpusDoc } from '../../src/data/dataset-schema.js';
import { generateLlmQaSet } from '../../src/qa-generation/llm/generate-llm-qa-set.js';
import { testClient } from '../llm/test-client.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';

// Two versions of one page, and two untitled notes that state the same kind of fact.
const docs: CorpusDoc[] = [
  { id: 'broker-2', title: 'Broker reference (2.x)', text: 'The broker listens on port 7100. Retention is 14 days.' },
  { id: 'broker-3', title: 'Broker reference (3.x)', text: 'The broker listens on port 7200. Retention is 30 days.' },
  { id: 'birch', text: 'Invoices are kept for 90 days.' },
  { id: 'cedar', text: 'Invoices are kept for 60 days.' },
];

/** What the model writes about each document: one item, evidence quoted verbatim. */
const itemOf: Record<string, { question: string; answer: string; evidence: string }> = {
  'broker-2': {
    question: 'Which port does the broker listen on?',
    answer: '7100',
    evidence: 'The broker listens on port 7100.',
  },
  'broker-3': { question: 'Retention is how many days?', answer: '30 days', evidence: 'Retention is 30 days.' },
  birch: {
    question: 'Invoices are kept for how many days?',
    answer: '90 days',
    evidence: 'Invoices are kept for 90 days.',
  },
  // A paraphrase: it shares one term with its sentence, too little for a lexical match to judge.
  cedar: {
    question: 'What is the retention period for invoices?',
    answer: '60 days',
    evidence: 'Invoices are kept for 60 days.',
  },
};

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer();
  server.setFallback('chat', (request) => {
    // Closed-book probes (no schema): the model does not know.
    if (request.body.response_format === undefined) return { kind: 'text', text: 'unknown' };
    const prompt = JSON.stringify(request.body.messages);
    const doc = docs.find((d) => prompt.includes(d.text))!;
    return { kind: 'json', value: { items: [{ type: 'numeric', ...itemOf[doc.id] }] } };
  });
});
afterAll(() => server.stop());

describe('LLM generator: one right answer across the corpus (loopback server)', () => {
  it('qualifies a question another document answers otherwise with its title, drops one without a title, leaves a paraphrase unjudged', async () => {
    const { items, report } = await generateLlmQaSet({
      client: testClient(server),
      docs,
      n: 3,
      seed: 0,
      types: ['numeric'],
    });
    const unambiguous = report.filters.find((f) => f.name === 'unambiguous')!;
    // birch's question is cedar's too ("60 days"), and birch has no title or heading to name.
    expect(unambiguous.dropped).toBe(1);
    expect(unambiguous.reason).toContain("(2 more were qualified with their document's title; 1 kept unjudged");
    expect(report.possible).toBe(3);
    expect(items.map((item) => [item.question, item.answers[0], item.gold_doc_ids?.[0]]).sort()).toEqual([
      ['Retention is how many days, according to "Broker reference (3.x)"?', '30 days', 'broker-3'],
      ['What is the retention period for invoices?', '60 days', 'cedar'],
      ['Which port does the broker listen on, according to "Broker reference (2.x)"?', '7100', 'broker-2'],
    ]);
    expect((items[0].provenance as { filters: string[] }).filters).toContain('unambiguous');
  });
});
