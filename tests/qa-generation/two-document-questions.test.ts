import { describe, expect, it } from 'vitest';
import type { CorpusDoc } from '../../src/data/dataset-schema.js';
import { ANSWER_TYPES } from '../../src/qa-generation/answer-candidates.js';
import { bridgeCandidates } from '../../src/qa-generation/bridge-questions.js';
import type { CandidateQuestion } from '../../src/qa-generation/candidate-question.js';
import { provenanceOf, toQaItem } from '../../src/qa-generation/generated-qa-item.js';
import { contentOverlap, MAX_SOURCE_OVERLAP } from '../../src/qa-generation/lexical-overlap.js';
import { containsAnswer } from '../../src/qa-generation/question-from-sentence.js';
import { sharedEntityLinks } from '../../src/qa-generation/shared-entity-links.js';
import { selectTypeMix } from '../../src/qa-generation/two-document-share.js';

// Four hand-written documents: a scheduler, its designer, her employer, an office. Each name below is
// in exactly two of them, except "Orchard" (one) and "Porto", "Lisbon" as noted.
const docs: CorpusDoc[] = [
  {
    id: 'orchard',
    text: '# Orchard\n\nThe Orchard scheduler was designed by Mirela Vasquez at the Lisbon office of the company.\nOrchard retries a failed job 4 times before it pages the on-call engineer.\n',
  },
  {
    id: 'vasquez',
    text: '# Mirela Vasquez\n\nMirela Vasquez joined the storage team of Quillon Labs in March 2014 as a site reliability engineer.\nBefore that, Vasquez maintained the billing pipeline for 6 years.\n',
  },
  {
    id: 'quillon',
    text: '# Quillon Labs\n\nThe headquarters of Quillon Labs moved to Porto in 2019, next to the river.\nThe company employs 340 engineers across three offices.\n',
  },
  {
    id: 'lisbon',
    text: '# Offices\n\nThe Lisbon office opened its doors in 2011 with twelve desks.\nIts building is shared with the Porto support desk during audits.\n',
  },
];
const links = sharedEntityLinks(docs);
const bridges = bridgeCandidates({ docs, links, answerTypes: ANSWER_TYPES, maxOverlap: MAX_SOURCE_OVERLAP });
const byId = new Map(docs.map((d) => [d.id, d]));

describe('two-document questions (offline)', () => {
  it('links documents by the rare names exactly two of them share, not by a name inside a longer one', () => {
    // "Vasquez" alone links orchard and vasquez too, inside "Mirela Vasquez": dropped.
    expect(links).toEqual([
      { entity: 'Mirela Vasquez', docs: [0, 1] },
      { entity: 'Lisbon', docs: [0, 3] },
      { entity: 'Quillon Labs', docs: [1, 2] },
      { entity: 'Porto', docs: [2, 3] },
    ]);
  });

  it('writes bridge questions: the shared name blanked, its clue from the other document', () => {
    expect(bridges.map((b) => [b.docId, b.partner!.docId, b.answer, b.question])).toEqual([
      [
        'orchard',
        'vasquez',
        'Orchard',
        'The what scheduler was designed by …? (…: what joined the storage team of Quillon Labs?)',
      ],
      ['orchard', 'lisbon', 'Mirela Vasquez', 'What at the … office? (…: the what office opened its doors?)'],
      [
        'vasquez',
        'quillon',
        'Vasquez',
        'Mirela what joined the storage team of …? (…: the headquarters of what moved to Porto in 2019?)',
      ],
      ['quillon', 'lisbon', 'Quillon Labs', 'The headquarters of what moved to … in 2019? (…: what support desk?)'],
    ]);
  });

  it('never names the answer or the shared name, and stays within the overlap bound of both source sentences', () => {
    for (const b of bridges) {
      const answerDoc = byId.get(b.docId)!;
      const partnerDoc = byId.get(b.partner!.docId)!;
      const shared = partnerDoc.text.slice(b.partner!.spanStart, b.partner!.spanEnd);
      expect(answerDoc.text.slice(b.answerStart, b.answerEnd)).toBe(b.answer);
      expect(answerDoc.text).toContain(shared);
      expect(containsAnswer({ question: b.question, answer: b.answer })).toBe(false);
      expect(containsAnswer({ question: b.question, answer: shared })).toBe(false);
      for (const [doc, start, end] of [
        [answerDoc, b.sentenceStart, b.sentenceEnd],
        [partnerDoc, b.partner!.sentenceStart, b.partner!.sentenceEnd],
      ] as const)
        expect(contentOverlap({ a: b.question, b: doc.text.slice(start, end) })).toBeLessThanOrEqual(
          MAX_SOURCE_OVERLAP,
        );
    }
  });

  it('a qa line has both documents as gold and both spans, and the partner in its provenance', () => {
    const candidate = bridges[0];
    const item = toQaItem({ candidate, id: 'gen-0001', provenance: provenanceOf({ candidate, seed: 5, filters: [] }) });
    expect(item).toMatchObject({
      answers: ['Orchard'],
      gold_doc_ids: ['orchard', 'vasquez'],
      answer_spans: [
        { doc_id: 'orchard', start: 15, end: 22 },
        { doc_id: 'vasquez', start: 18, end: 32 },
      ],
      type: 'two-document',
      provenance: {
        source: {
          doc_id: 'orchard',
          sentence: { start: 11, end: 100 },
          answer: { start: 15, end: 22 },
          partner: { doc_id: 'vasquez', sentence: { start: 18, end: 118 }, span: { start: 18, end: 32 } },
        },
        overlap: 0.357,
      },
    });
    expect(byId.get('vasquez')!.text.slice(18, 32)).toBe('Mirela Vasquez');
  });

  it('gives two-document questions a quarter of the set when enough are kept, more when single ones run out', () => {
    const single = (docId: string, i: number): CandidateQuestion => ({
      ...bridges[0],
      docId,
      question: `q${i}`,
      partner: undefined,
    });
    const singles = ['orchard', 'vasquez', 'quillon', 'lisbon'].flatMap((id, i) => [single(id, i), single(id, i + 4)]);
    const mix = (n: number, candidates: CandidateQuestion[]) =>
      selectTypeMix({ candidates, n }).map((c) => (c.partner ? `2:${c.answer}` : `1:${c.question}`));
    expect(mix(8, [...singles, ...bridges])).toEqual([
      '1:q0',
      '1:q1',
      '1:q2',
      '1:q3',
      '1:q4',
      '1:q5',
      '2:Orchard',
      '2:Vasquez',
    ]);
    expect(mix(4, [...singles.slice(0, 2), ...bridges])).toEqual(['1:q0', '1:q4', '2:Orchard', '2:Vasquez']);
    expect(mix(3, singles)).toEqual(['1:q0', '1:q1', '1:q2']);
  });

  it('does not blank a name that is part of a longer one ("Henry …", "Six-…")', () => {
    const pair: CorpusDoc[] = [
      {
        id: 'talks',
        text: 'In January 1974 Henry Kissinger negotiated a troop withdrawal after the Six-Day War ended.',
      },
      { id: 'envoy', text: 'In 1973 Kissinger travelled to Cairo with a delegation of twelve diplomats.' },
      { id: 'war', text: 'The Day War exhibition in Haifa opened with 40 photographs of the front.' },
    ];
    const pairLinks = sharedEntityLinks(pair);
    expect(pairLinks.map((l) => l.entity)).toEqual(['Day War', 'Kissinger']);
    const written = bridgeCandidates({ docs: pair, links: pairLinks, answerTypes: ANSWER_TYPES, maxOverlap: 0.5 });
    expect(written.filter((b) => b.docId === 'talks' || b.partner!.docId === 'talks')).toEqual([]);
  });

  it('finds no link in a corpus whose names are all in one document or in three', () => {
    const alone = sharedEntityLinks([
      { id: 'a', text: 'The cluster called Nimbus runs in Oslo and in Bergen.' },
      { id: 'b', text: 'Backups of the cluster are copied to Oslo every night.' },
      { id: 'c', text: 'The second site, near Oslo, holds the cold archive.' },
    ]);
    expect(alone).toEqual([]);
  });
});
