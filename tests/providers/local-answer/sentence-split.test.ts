import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../src/providers/local/sentence-split.js';
import { CLI_DOC, SERVER_DOC } from './fixtures.js';

describe('sentence split', () => {
  it('splits prose into sentences and keeps offsets into the source', () => {
    const sentences = splitSentences(SERVER_DOC.text);
    for (const s of sentences) expect(SERVER_DOC.text.slice(s.start, s.end)).toBe(s.text);
    expect(sentences.map((s) => s.text)).toEqual([
      'Server settings',
      'The default port is 7420.',
      'You can change it with the `--port` flag.',
      'Retention defaults to 14 days.',
      'After that, old snapshots are deleted.',
      'Setting | Default | Description',
      'max_upload | 512 MB | Largest file accepted',
      'timeout | 30 seconds | Request timeout',
    ]);
  });

  it('marks headings and table header rows and uses them as context', () => {
    const sentences = splitSentences(SERVER_DOC.text);
    expect(sentences.filter((s) => s.isHeader).map((s) => s.text)).toEqual([
      'Server settings',
      'Setting | Default | Description',
    ]);
    const row = sentences.find((s) => s.text.startsWith('timeout'))!;
    expect(row.kind).toBe('table-row');
    expect(row.context).toBe('Server settings Setting | Default | Description');
    expect(sentences[1].context).toBe('Server settings');
  });

  it('makes each list item a candidate with the list intro as context', () => {
    const sentences = splitSentences(CLI_DOC.text);
    const bullets = sentences.filter((s) => s.kind === 'bullet');
    expect(bullets.map((s) => s.text)).toEqual(['Linux', 'macOS']);
    expect(bullets[0].context).toBe('Syncing Supported platforms:');
    const intro = sentences.find((s) => s.text === 'Supported platforms:')!;
    expect(intro.isHeader).toBe(true);
    // The intro frames its list only, not the prose after it.
    expect(sentences.find((s) => s.text.startsWith('The Lark CLI'))!.context).toBe('Syncing');
  });

  it('keeps fenced code lines as separate code candidates', () => {
    const sentences = splitSentences('Install it:\n```\nbrew install lark\nlark init\n```\nDone.');
    expect(sentences.filter((s) => s.kind === 'code').map((s) => s.text)).toEqual(['brew install lark', 'lark init']);
    expect(sentences[sentences.length - 1].text).toBe('Done.');
  });

  it('drops empty and punctuation-only pieces', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences('\n\n---\n  \n').map((s) => s.text)).toEqual([]);
  });
});
