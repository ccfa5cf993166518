import { describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../../src/providers/local/question-analysis.js';

describe('question analysis', () => {
  it.each([
    ['How many replicas are created?', 'quantity'],
    ['How long are logs kept?', 'quantity'],
    ['What is the default port?', 'quantity'],
    ['What is the maximum upload size?', 'quantity'],
    ['When was 2.0 released?', 'temporal'],
    ['Which version added SSO?', 'temporal'],
    ['What command previews changes?', 'command'],
    ['How do I preview changes?', 'command'],
    ['Who maintains the CLI?', 'entity'],
    ['Which database stores metadata?', 'entity'],
    ['What is the default region?', 'entity'],
    ['Does Lark support Windows?', 'yes-no'],
    ['Is the cache enabled by default?', 'yes-no'],
    ['Why is the sync slow?', 'other'],
    ['What is Lark?', 'other'],
    ['', 'other'],
  ])('%s -> %s', (question, kind) => {
    expect(analyzeQuestion(question).kind).toBe(kind);
  });

  it('extracts stemmed content terms in order', () => {
    const q = analyzeQuestion('How do I rotate the signing keys?');
    expect(q.terms).toEqual(['rotat', 'sign', 'kei']);
    expect(q.tokens.has('the')).toBe(true);
  });
});
