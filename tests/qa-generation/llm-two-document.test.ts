import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CorpusDoc } from '../../src/data/dataset-schema.js';
import { generateLlmQaSet } from '../../src/qa-generation/llm/generate-llm-qa-set.js';
import { generationUnits } from '../../src/qa-generation/llm/generation-units.js';
import { generateLlmCandidates } from '../../src/qa-generation/llm/llm-question-generator.js';
import { relatedDocumentPairs } from '../../src/qa-generation/llm/related-documents.js';
import { testClient } from '../llm/test-client.js';
import { schemaFollowingReplies, startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';

const docs: CorpusDoc[] = [
  {
    id: 'alder',
    title: 'Alder',
    text: 'The alder service answers health checks on port 7100. Alder is owned by the ledger team.',
  },
  {
    id: 'ledger',
    title: 'Ledger team',
    text: 'The ledger team is on call on Tuesdays. Its pager alias is ledger-oncall.',
  },
  { id: 'birch', title: 'Birch', text: 'Birch keeps invoices for 90 days. The alder service backs birch up nightly.' },
];

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterEach(() => server.resetStats());
afterAll(() => server.stop());

const pairItems = [
  {
    question: 'On which day is the team that owns the alder service on call?',
    answer: 'Tuesdays',
    evidence_first: 'Alder is owned by the ledger team.',
    evidence_second: 'The ledger team is on call on Tuesdays.',
  },
  {
    question: 'What pager alias reaches the owners of alder?',
    answer: 'ledger-oncall',
    evidence_first: 'Alder is owned by the ledger team.',
    evidence_second: 'Its pager alias is ledger-team-pager.',
  }, // second quote not in the text
  {
    question: 'Which port do the owners of alder monitor?',
    answer: '7200',
    evidence_first: 'The alder service answers health checks on port 7100.',
    evidence_second: 'The ledger team is on call on Tuesdays.',
  }, // answer in neither quote
  {
    question: 'On which day is the team owning the alder service on call?',
    answer: 'Tuesdays',
    evidence_first: 'Alder is owned by the ledger team.',
    evidence_second: 'The ledger team is on call on Tuesdays.',
  }, // near-duplicate of the first
  {
    question: 'Which health-check port does the service owned by the ledger team use?',
    answer: '7100',
    evidence_first: 'The alder service answers health checks on port 7100.',
    evidence_second: 'The ledger team is on call on Tuesdays.',
  }, // answered closed-book below
];

describe('LLM generator, two-document items (loopback server)', () => {
  it('pairs each document with the one BM25 ranks highest for it, each pair once', () => {
    expect(relatedDocumentPairs(docs).map((p) => `${p.first.id}+${p.second.id}`)).toEqual([
      'alder+birch',
      'ledger+alder',
    ]);
  });

  it('keeps a question needing both documents with both evidence spans checked, and counts each rejection', async () => {
    server.setFallback('chat', (request) => {
      const prompt = JSON.stringify(request.body.messages);
      if (request.body.response_format === undefined)
        return { kind: 'text', text: prompt.includes('health-check port') ? 'Port 7100, I believe.' : 'unknown' };
      const user = String((request.body.messages as { content: string }[])[1].content);
      if (!user.includes('kind="first-document"')) return { kind: 'json', value: { items: [] } };
      if (!user.includes('Ledger team')) return { kind: 'raw', content: '{"items": [' };
      // The seeded document order decides which of the pair comes first: quote each from its own document.
      const ledgerFirst = user.split('kind="second-document"')[0].includes('Ledger team');
      return {
        kind: 'json',
        value: {
          items: pairItems.map((item) =>
            ledgerFirst
              ? { ...item, evidence_first: item.evidence_second, evidence_second: item.evidence_first }
              : item,
          ),
        },
      };
    });
    const { items, report } = await generateLlmQaSet({
      client: testClient(server),
      docs,
      n: 1,
      seed: 0,
      types: ['two-document'],
    });
    expect(Object.fromEntries(report.filters.map((f) => [f.name, f.dropped]))).toEqual({
      malformed: 1,
      'evidence-in-text': 1,
      'answer-in-evidence': 1,
      'closed-book': 1,
      unambiguous: 0,
      unique: 1,
      coverage: 0,
    });
    expect(items).toHaveLength(1);
    // Every item the model wrote is either written or dropped by one filter (malformed replies have none).
    const dropped = report.filters.filter((f) => f.name !== 'malformed').reduce((sum, f) => sum + f.dropped, 0);
    expect(report.candidates - dropped).toBe(report.written);
    const [item] = items;
    expect(item).toMatchObject({
      question: 'On which day is the team that owns the alder service on call?',
      answers: ['Tuesdays'],
      type: 'two-document',
      gold_doc_ids: ['ledger', 'alder'],
      answer_spans: [{ doc_id: 'ledger', start: 30, end: 38 }],
    });
    expect(docs[1].text.slice(30, 38)).toBe('Tuesdays');
    const source = (item.provenance as { source: Record<string, { start: number; end: number }> }).source;
    expect(docs[1].text.slice(source.sentence.start, source.sentence.end)).toBe(
      'The ledger team is on call on Tuesdays.',
    );
    const partner = (
      item.provenance as { source: { partner: { doc_id: string; sentence: { start: number; end: number } } } }
    ).source.partner;
    expect(partner.doc_id).toBe('alder');
    expect(docs[0].text.slice(partner.sentence.start, partner.sentence.end)).toBe('Alder is owned by the ledger team.');
    expect(report.documents_covered).toBe(2);
    // Two pair requests (the malformed one repaired once), two closed-book probes (the duplicate is probed too).
    expect(server.requests.filter((r) => r.body.response_format !== undefined)).toHaveLength(3);
    expect(server.requests.filter((r) => r.body.response_format === undefined)).toHaveLength(3);
  });

  it('survives a model that only follows the schema: every reply checked, nothing unverified kept', async () => {
    server.setFallback('chat', schemaFollowingReplies({ seed: 7 }));
    const units = generationUnits({ docs, perDoc: 3, types: ['factoid', 'numeric', 'unanswerable', 'two-document'] });
    const seen: number[] = [];
    const { candidates, rejected } = await generateLlmCandidates({
      client: testClient(server),
      units,
      onUnit: (_id, result) => seen.push(result.candidates.length),
    });
    expect(seen).toHaveLength(units.length);
    // Random strings are never verbatim in the documents: only unanswerable items (no evidence to check) survive.
    expect(candidates.every((c) => c.type === 'unanswerable')).toBe(true);
    expect(rejected.spanNotInText).toBeGreaterThan(0);
    expect(rejected.closedBook).toBe(0);
  });
});
