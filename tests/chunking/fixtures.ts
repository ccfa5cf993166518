import type { CorpusDoc } from '../../src/data/dataset-schema.js';

const SENTENCES = [
  'Retrieval-augmented generation grounds a model in documents it was not trained on.',
  'Chunk size trades recall against precision, and the best value depends on the corpus.',
  'Dr. Smith measured latency at 3.14 ms per query on a laptop.',
  'Why would overlap help? It keeps a fact that straddles a boundary whole in one chunk!',
  'The index stores one vector per chunk, so smaller chunks cost more memory.',
  'Rerankers read the question and the passage together, which is slow but precise.',
];

/** Deterministic prose of `paragraphs` paragraphs, each of `perParagraph` sentences. */
export function prose(paragraphs: number, perParagraph: number, seed = 1): string {
  const out: string[] = [];
  let s = seed;
  for (let p = 0; p < paragraphs; p++) {
    const sentences: string[] = [];
    for (let i = 0; i < perParagraph; i++) {
      s = (s * 16807) % 2147483647;
      sentences.push(SENTENCES[s % SENTENCES.length] as string);
    }
    out.push(sentences.join(' '));
  }
  return out.join('\n\n');
}

export const MARKDOWN_DOC: CorpusDoc = {
  id: 'md',
  title: 'Guide',
  text: [
    'Some preamble before any header.',
    '',
    '# Install',
    '',
    prose(1, 3, 2),
    '',
    '## From source',
    '',
    '```bash',
    '# this is a shell comment, not a header',
    'git clone https://example.com/repo.git',
    '## neither is this',
    '```',
    '',
    prose(2, 4, 3),
    '',
    '### Notes',
    '',
    '- first item',
    '- second item with more words in it',
    '- third item',
    '',
    '~~~',
    '# tilde fence comment',
    '~~~~',
    '',
    '# Usage',
    '',
    prose(6, 6, 4),
    '',
    '#hashtag is not a header',
    '## Options ##',
    '',
    '| key | value |',
    '| --- | ----- |',
    '| size | 256 |',
    '',
    prose(1, 2, 5),
    '',
  ].join('\n'),
};

export const UNICODE_DOC: CorpusDoc = {
  id: 'uni',
  title: 'Ünïcödé',
  text:
    'Café naïve résumé — “quotes” and Ελληνικά κείμενο. 🎉 Party time 🎉🎉! ' +
    'Family 👨‍👩‍👧‍👦 and flags 🇫🇷🇯🇵 mixed in.\n\n' +
    '日本語のテキストはスペースを使わないので、文字単位で分割されることがあります。' +
    'これは長い文章です。'.repeat(12) +
    '\n\n' +
    '🚀'.repeat(60) +
    '\n\nمرحبا بالعالم. Done. <|endoftext|> is just text here.',
};

export const TINY_DOC: CorpusDoc = { id: 'tiny', text: 'Hi.' };
export const BLANK_DOC: CorpusDoc = { id: 'blank', title: 'Nothing', text: '  \n\n\t \n ' };
export const PROSE_DOC: CorpusDoc = { id: 'prose', title: 'Prose', text: `\n  ${prose(8, 7)}\n\n` };
export const REPETITIVE_DOC: CorpusDoc = { id: 'rep', text: 'ha '.repeat(300) + '\n\n' + 'ha ha ha.\n\n'.repeat(40) };

export const ALL_DOCS: CorpusDoc[] = [MARKDOWN_DOC, UNICODE_DOC, TINY_DOC, BLANK_DOC, PROSE_DOC, REPETITIVE_DOC];
