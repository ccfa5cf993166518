import { deflateRawSync } from 'node:zlib';
import { fnv1a, mix32 } from '../text/feature-hashing.js';

/** Words per shingle: long enough that natural text rarely repeats one (SQuAD and HotpotQA paragraphs keep ≥ 95% distinct). */
export const SHINGLE_WORDS = 8;
/** Odd multiplier of the rolling hash (the golden-ratio constant, as in Fibonacci hashing). */
const BASE = 0x9e3779b1;

/**
 * Share of a text's word 8-grams ("shingles"; words are what whitespace separates, as written,
 * which is all a repeat needs and cheap enough for every long document of a corpus) that are
 * distinct, in (0, 1]; 1 for a text with fewer than 8 words. A paragraph pasted n times
 * scores about 1/n wherever the copies are, which deflate cannot see once they are more than its
 * 32 KB window apart. Shingles are compared by a 32-bit hash: collisions only lower the share, by
 * about n / 2^33 for n shingles (under 0.01% for a 100 MB document).
 */
export function distinctShingleShare(text: string): number {
  const words = text.split(/\s+/).filter((word) => word.length > 0);
  const shingles = words.length - SHINGLE_WORDS + 1;
  if (shingles <= 0) return 1;
  const hashes = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) hashes[i] = mix32(fnv1a(words[i]));
  // Rolling polynomial hash mod 2^32 (one multiply per word), finalised by mix32.
  let top = 1; // BASE^(SHINGLE_WORDS − 1): the weight of the word leaving the window.
  for (let i = 1; i < SHINGLE_WORDS; i++) top = Math.imul(top, BASE);
  const shingleHashes = new Uint32Array(shingles);
  let hash = 0;
  for (let i = 0; i < SHINGLE_WORDS; i++) hash = (Math.imul(hash, BASE) + hashes[i]) | 0;
  shingleHashes[0] = mix32(hash);
  for (let start = 1; start < shingles; start++) {
    hash = (Math.imul((hash - Math.imul(hashes[start - 1], top)) | 0, BASE) + hashes[start + SHINGLE_WORDS - 1]) | 0;
    shingleHashes[start] = mix32(hash);
  }
  // Distinct values of a sorted typed array: no per-shingle allocation, unlike a Set of numbers.
  shingleHashes.sort();
  let distinct = 1;
  for (let i = 1; i < shingles; i++) if (shingleHashes[i] !== shingleHashes[i - 1]) distinct++;
  return distinct / shingles;
}

/**
 * Deflated size over UTF-8 size: natural text stays above 30%; a text that is mostly repeats of
 * itself within 32 KB (or runs of one character, which have no words to shingle) goes far lower.
 */
export function deflateRatio(text: string): number {
  const bytes = Buffer.from(text);
  return bytes.length === 0 ? 1 : deflateRawSync(bytes).length / bytes.length;
}
