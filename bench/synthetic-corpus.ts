import { mulberry32 } from '../src/stats/seeded-random.js';
import { isStopword } from '../src/text/text-analysis.js';

const ONSETS = [
  'b',
  'c',
  'd',
  'f',
  'g',
  'h',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'z',
  'br',
  'st',
  'tr',
  'pl',
  'gr',
  'ch',
  'sh',
];
const NUCLEI = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou', 'ea'];
const CODAS = ['', '', '', 'n', 'r', 's', 'l', 'm', 'x'];

/**
 * A seeded synthetic text corpus for speed benchmarks: pronounceable pseudo-words (so the real
 * tokenizer, stemmer and stopword filter run on them), drawn from a Zipf distribution like word
 * frequencies in real text. Content is meaningless; only its statistics matter.
 */
export interface SyntheticCorpus {
  vocabulary: string[];
  chunks: string[];
}

/** `size` distinct pseudo-words of 2-4 syllables, none of them a stopword. */
export function syntheticVocabulary(options: { size: number; seed: number }): string[] {
  const random = mulberry32(options.seed);
  const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)];
  const words = new Set<string>();
  while (words.size < options.size) {
    const syllables = 2 + Math.floor(random() * 3);
    let word = '';
    for (let s = 0; s < syllables; s++) word += pick(ONSETS) + pick(NUCLEI) + pick(CODAS);
    if (!isStopword(word)) words.add(word);
  }
  return [...words];
}

/**
 * `chunks` texts of `minWords`-`maxWords` words; word rank r has probability ∝ 1 / r^exponent
 * (exponent 1 ≈ English). Deterministic for a seed.
 */
export function syntheticCorpus(options: {
  chunks: number;
  vocabularySize?: number;
  minWords?: number;
  maxWords?: number;
  exponent?: number;
  seed?: number;
}): SyntheticCorpus {
  const { chunks, vocabularySize = 20_000, minWords = 80, maxWords = 120, exponent = 1, seed = 7 } = options;
  const vocabulary = syntheticVocabulary({ size: vocabularySize, seed });
  const cumulative = new Float64Array(vocabularySize);
  let total = 0;
  for (let r = 0; r < vocabularySize; r++) cumulative[r] = total += 1 / (r + 1) ** exponent;
  const random = mulberry32(seed + 1);
  const out: string[] = [];
  for (let c = 0; c < chunks; c++) {
    const length = minWords + Math.floor(random() * (maxWords - minWords + 1));
    const words: string[] = new Array(length);
    for (let w = 0; w < length; w++) words[w] = vocabulary[lowerBound(cumulative, random() * total)];
    out.push(words.join(' '));
  }
  return { vocabulary, chunks: out };
}

/**
 * `count` queries of 3-6 distinct words taken from random chunks (uniformly over the chunk's
 * distinct words, so they are not all the most frequent ones), as a user would paraphrase a passage.
 */
export function syntheticQueries(options: { chunks: string[]; count: number; seed?: number }): string[] {
  const random = mulberry32(options.seed ?? 11);
  const out: string[] = [];
  for (let q = 0; q < options.count; q++) {
    const types = [...new Set(options.chunks[Math.floor(random() * options.chunks.length)].split(' '))];
    const length = 3 + Math.floor(random() * 4);
    const words: string[] = [];
    for (let i = 0; i < length && types.length > 0; i++)
      words.push(types.splice(Math.floor(random() * types.length), 1)[0]);
    out.push(words.join(' '));
  }
  return out;
}

/** First index whose cumulative weight reaches `target` (binary search). */
function lowerBound(cumulative: Float64Array, target: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (cumulative[mid] < target) low = mid + 1;
    else high = mid;
  }
  return low;
}
