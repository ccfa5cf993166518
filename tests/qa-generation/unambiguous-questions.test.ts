import { describe, expect, it } from 'vitest';
import type { CorpusDoc } from '../../src/data/dataset-schema.js';
import { ANSWER_TYPES } from '../../src/qa-generation/answer-candidates.js';
import type { CandidateQuestion } from '../../src/qa-generation/candidate-question.js';
import { contentOverlap, MAX_SOURCE_OVERLAP } from '../../src/qa-generation/lexical-overlap.js';
import { emptyCandidateCounts, sentenceCandidates } from '../../src/qa-generation/sentence-candidates.js';
import { disambiguateQuestions } from '../../src/qa-generation/unambiguous-questions.js';

const CONFIG_SENTENCE = (path: string) =>
  `The broker reads its configuration from \`${path}\` unless another path is passed on the command line.`;
const FILLER = 'Operators usually keep one broker per machine and restart it after upgrades.';

function candidatesOf(docs: CorpusDoc[]): CandidateQuestion[] {
  const counts = emptyCandidateCounts();
  return docs.flatMap((doc, docIndex) =>
    sentenceCandidates({ doc, docIndex, types: ANSWER_TYPES, maxOverlap: MAX_SOURCE_OVERLAP, counts }),
  );
}

describe('questions with one right answer in the corpus', () => {
  it('qualifies version twins with their document titles, so each names the page it means', () => {
    const docs: CorpusDoc[] = [
      {
        id: 'config-v2',
        title: 'Configuration reference (Larkspur 2.x)',
        text: `${CONFIG_SENTENCE('/etc/larkspur/larkspur.conf')} ${FILLER}`,
      },
      {
        id: 'config-v3',
        title: 'Configuration reference (Larkspur 3.x)',
        text: `${CONFIG_SENTENCE('/etc/larkspur/larkspur.toml')} ${FILLER}`,
      },
    ];
    const candidates = candidatesOf(docs);
    expect(candidates.map((c) => [c.docId, c.answer])).toEqual([
      ['config-v2', '/etc/larkspur/larkspur.conf'],
      ['config-v3', '/etc/larkspur/larkspur.toml'],
    ]);
    const result = disambiguateQuestions({ candidates, docs, maxOverlap: MAX_SOURCE_OVERLAP });
    expect(result).toMatchObject({ qualified: 2, dropped: 0 });
    expect(result.kept.map((c) => c.question)).toEqual([
      `${candidates[0].question.slice(0, -1)}, according to "Configuration reference (Larkspur 2.x)"?`,
      `${candidates[1].question.slice(0, -1)}, according to "Configuration reference (Larkspur 3.x)"?`,
    ]);
    // The overlap recorded is the qualified question's, and the title only lowers it.
    for (const [i, kept] of result.kept.entries()) {
      const sentence = docs[i].text.slice(kept.sentenceStart, kept.sentenceEnd);
      expect(kept.overlap).toBe(contentOverlap({ a: kept.question, b: sentence }));
      expect(kept.overlap).toBeLessThanOrEqual(candidates[i].overlap);
    }
  });

  it('leaves a fact two documents state alike unchanged, and questions no other document matches', () => {
    const docs: CorpusDoc[] = [
      { id: 'install', title: 'Installing', text: `${CONFIG_SENTENCE('/etc/larkspur/larkspur.conf')} ${FILLER}` },
      { id: 'config', title: 'Configuration', text: `${CONFIG_SENTENCE('/etc/larkspur/larkspur.conf')}` },
      {
        id: 'ports',
        title: 'Ports',
        text: 'After a restart the broker listens on port 7420 for client connections from the workers.',
      },
    ];
    const candidates = candidatesOf(docs);
    expect(candidates).toHaveLength(3);
    const result = disambiguateQuestions({ candidates, docs, maxOverlap: MAX_SOURCE_OVERLAP });
    expect(result).toEqual({ kept: candidates, qualified: 0, dropped: 0 });
  });

  it('drops an ambiguous question whose document has no title or heading to tell it apart', () => {
    const docs: CorpusDoc[] = [
      { id: 'a', text: `${CONFIG_SENTENCE('/etc/larkspur/larkspur.conf')} ${FILLER}` },
      {
        id: 'b',
        title: 'Configuration reference (Larkspur 3.x)',
        text: CONFIG_SENTENCE('/etc/larkspur/larkspur.toml'),
      },
    ];
    const candidates = candidatesOf(docs);
    const result = disambiguateQuestions({ candidates, docs, maxOverlap: MAX_SOURCE_OVERLAP });
    // b's title tells its question apart from a's sentence; a has nothing to name.
    expect(result).toMatchObject({ qualified: 1, dropped: 1 });
    expect(result.kept.map((c) => c.docId)).toEqual(['b']);
  });

  it("uses a document's first heading when it has no title, and drops a qualifier that would give the answer away", () => {
    const docs: CorpusDoc[] = [
      { id: 'v2', text: `# Running on Debian\n\n${CONFIG_SENTENCE('/etc/larkspur/larkspur.conf')}` },
      {
        id: 'v3',
        title: 'Larkspur and /etc/larkspur/larkspur.toml',
        text: CONFIG_SENTENCE('/etc/larkspur/larkspur.toml'),
      },
    ];
    const candidates = candidatesOf(docs);
    const result = disambiguateQuestions({ candidates, docs, maxOverlap: MAX_SOURCE_OVERLAP });
    // v2's heading is its sentence's framing, so "according to "Running on Debian"" separates it;
    // v3's title contains its answer, so qualifying would leak it.
    expect(result).toMatchObject({ qualified: 1, dropped: 1 });
    expect(result.kept.map((c) => [c.docId, c.question.endsWith(', according to "Running on Debian"?')])).toEqual([
      ['v2', true],
    ]);
  });

  it("drops a qualified question that the title's terms take past the overlap bound", () => {
    // The titles repeat the sentence's words the question left out, so naming them would make the
    // question a near copy of its sentence; without the bound the same titles would qualify both.
    const docs: CorpusDoc[] = [
      {
        id: 'a',
        title: 'Another path passed on the command line (v2)',
        text: CONFIG_SENTENCE('/etc/larkspur/larkspur.conf'),
      },
      {
        id: 'b',
        title: 'Another path passed on the command line (v3)',
        text: CONFIG_SENTENCE('/etc/larkspur/larkspur.toml'),
      },
    ];
    const candidates = candidatesOf(docs);
    expect(candidates).toHaveLength(2);
    expect(disambiguateQuestions({ candidates, docs, maxOverlap: MAX_SOURCE_OVERLAP })).toEqual({
      kept: [],
      qualified: 0,
      dropped: 2,
    });
    expect(disambiguateQuestions({ candidates, docs, maxOverlap: 1 })).toMatchObject({ qualified: 2, dropped: 0 });
  });
});
