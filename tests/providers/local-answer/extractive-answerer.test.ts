import { describe, expect, it } from 'vitest';
import type { GenerationContext } from '../../../src/providers/generator.js';
import {
  answerExtractively,
  extractiveSentenceGenerator,
  extractiveSpanGenerator,
} from '../../../src/providers/local/extractive-answerer.js';
import { LOCAL_GENERATORS } from '../../../src/providers/local/local-generators.js';
import { BILLING_DOC, CLI_DOC, CONTEXTS, SERVER_DOC } from './fixtures.js';

const span = async (question: string, contexts: GenerationContext[] = CONTEXTS): Promise<string> =>
  (await extractiveSpanGenerator.generate({ question, contexts, params: {} })).answer;
const sentence = async (question: string, contexts: GenerationContext[] = CONTEXTS): Promise<string> =>
  (await extractiveSentenceGenerator.generate({ question, contexts, params: {} })).answer;

const inContexts = (answer: string, contexts: GenerationContext[] = CONTEXTS): boolean =>
  contexts.some((c) => c.text.includes(answer));

describe('extractive span answerer', () => {
  it.each([
    ['What is the default port?', '7420'],
    ['What is the default retention period?', '14 days'],
    ['How do I preview changes?', 'lark sync --dry-run'],
    ['What is the maximum upload size?', '512 MB'],
    ['How long is the request timeout?', '30 seconds'],
    ['Who maintains the Lark CLI?', 'Platform Tools team'],
    ['Which database does Lark use for metadata?', 'SQLite'],
    ['When was version 2.3.1 released?', 'March 3, 2024'],
    ['Which version was released in March 2024?', '2.3.1'],
  ])('%s -> %s', async (question, expected) => {
    expect(await span(question)).toBe(expected);
  });

  it('answers yes/no questions from negation cues in the best sentence', async () => {
    expect(await span('Does Lark support Windows?')).toBe('no');
    expect(await span('Does Lark store metadata in SQLite?')).toBe('yes');
    expect(await span('Is the port 7420 by default?')).toBe('yes');
  });

  it('finds values in table rows and list items', async () => {
    expect(await span('What is the timeout setting?')).toBe('30 seconds');
    const list: GenerationContext = {
      docId: 'l',
      text: 'Export formats:\n- CSV for spreadsheets\n- Parquet for analytics\n- JSON for the API',
    };
    expect(await span('Which format is used for analytics?', [list])).toBe('Parquet');
  });

  it('falls back to the sentence when no span of the asked type exists', async () => {
    expect(await span('How many replicas does Lark keep?', [CLI_DOC])).not.toMatch(/^\d/);
    expect(await span('Why does Lark have a dry run?', [CLI_DOC])).toBe(
      'Run `lark sync --dry-run` to preview changes.',
    );
  });

  it('gives a wrong answer when the contexts lack the answer', async () => {
    expect(await span('What is the default port?', [CLI_DOC, BILLING_DOC])).not.toBe('7420');
    expect(await span('What is the default retention period?', [BILLING_DOC])).not.toBe('14 days');
  });

  it('depends on which contexts are given and in what order', async () => {
    const precise: GenerationContext = { docId: 'p', text: 'The default port is 7420.' };
    const distractor: GenerationContext = { docId: 'd', text: 'The admin port is 9000 unless overridden.' };
    expect(await span('What is the default port?', [distractor, precise])).toBe('7420');
    expect(await span('What is the default port?', [distractor])).toBe('9000');
  });

  it('returns substrings of the contexts (original casing) for every non yes/no question', async () => {
    const questions = [
      'What is the default port?',
      'Who maintains the Lark CLI?',
      'Which platforms are supported?',
      'How do I preview changes?',
      'What happens to old snapshots?',
      'When is the invoice sent?',
      'How long do refunds take?',
      'What can be changed in the account settings?',
    ];
    const all = [...CONTEXTS, BILLING_DOC];
    for (const question of questions) {
      const answer = await span(question, all);
      expect(answer.length).toBeGreaterThan(0);
      expect(inContexts(answer, all), `${question} -> ${answer}`).toBe(true);
    }
  });

  it('reports where the answer came from', () => {
    const result = answerExtractively({ question: 'What is the default port?', contexts: CONTEXTS, mode: 'span' });
    expect(result.kind).toBe('quantity');
    expect(result.location).toBeDefined();
    const { contextIndex, start, end } = result.location!;
    expect(CONTEXTS[contextIndex].text.slice(start, end)).toBe('7420');
  });

  it('answers "" without contexts', async () => {
    expect(await span('What is the default port?', [])).toBe('');
    expect(await sentence('What is the default port?', [])).toBe('');
  });
});

describe('extractive sentence answerer', () => {
  it('returns the sentence containing the answer', async () => {
    expect(await sentence('What is the default port?')).toBe('The default port is 7420.');
    expect(await sentence('What is the default retention period?')).toBe('Retention defaults to 14 days.');
    expect(await sentence('How do I preview changes?')).toBe('Run `lark sync --dry-run` to preview changes.');
    expect(await sentence('Does Lark support Windows?')).toBe('Lark does not support Windows.');
  });

  it('treats a table row as one candidate without the outer pipes', async () => {
    expect(await sentence('What is the maximum upload size?', [SERVER_DOC])).toBe(
      'max_upload | 512 MB | Largest file accepted',
    );
  });

  it('always answers with a substring of the contexts', async () => {
    for (const question of [
      'What is the default port?',
      'Who maintains the Lark CLI?',
      'Is the cache enabled?',
      'When are invoices sent?',
    ]) {
      expect(inContexts(await sentence(question, [...CONTEXTS, BILLING_DOC]), [...CONTEXTS, BILLING_DOC])).toBe(true);
    }
  });
});

describe('local generators', () => {
  it('are local, versioned, zero-cost and deterministic', async () => {
    expect(LOCAL_GENERATORS.map((g) => g.name)).toEqual(['extractive-sentence', 'extractive-span']);
    for (const generator of LOCAL_GENERATORS) {
      expect(generator.local).toBe(true);
      expect(generator.version).toBe('1');
      const a = await generator.generate({
        question: 'What is the default port?',
        contexts: CONTEXTS,
        prompt: 'ignored {{question}}',
        params: {},
      });
      const b = await generator.generate({ question: 'What is the default port?', contexts: CONTEXTS, params: {} });
      expect(a).toEqual(b);
      expect(a.usage).toEqual({ promptTokens: 0, completionTokens: 0, costUsd: 0 });
    }
  });
});
