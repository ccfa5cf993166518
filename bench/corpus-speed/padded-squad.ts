import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitSentences } from '../../src/providers/local/sentence-split.js';
import { mulberry32 } from '../../src/stats/seeded-random.js';

interface SquadDoc {
  id: string;
  title?: string;
  text: string;
}

/**
 * Writes a native dataset (corpus.jsonl + qa.jsonl) to `out`: every paragraph and question of the
 * SQuAD folder `source`, plus distractor paragraphs up to `docs` documents. Each distractor takes
 * a real paragraph's sentence count and fills it with sentences drawn at random from the whole
 * corpus (seeded), so its length and vocabulary are real text's while it answers no question by
 * design more often than chance. Returns the number of documents written.
 */
export function writePaddedSquad(options: { source: string; out: string; docs: number; seed: number }): number {
  const { source, out, docs, seed } = options;
  const originals = readFileSync(join(source, 'corpus.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SquadDoc);
  const sentences: string[] = [];
  const lengths: number[] = [];
  for (const doc of originals) {
    const parts = splitSentences(doc.text).map((s) => doc.text.slice(s.start, s.end).trim());
    lengths.push(Math.max(1, parts.length));
    sentences.push(...parts.filter((s) => s !== ''));
  }
  const random = mulberry32(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const lines = originals.map((doc) => JSON.stringify(doc));
  for (let i = originals.length; i < docs; i++) {
    const count = pick(lengths);
    const text = Array.from({ length: count }, () => pick(sentences)).join(' ');
    lines.push(JSON.stringify({ id: `distractor#${i}`, title: `Distractor ${i}`, text }));
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'corpus.jsonl'), `${lines.join('\n')}\n`);
  writeFileSync(join(out, 'qa.jsonl'), readFileSync(join(source, 'qa.jsonl')));
  return lines.length;
}
