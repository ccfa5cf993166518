import { deflateRawSync } from 'node:zlib';
import { FNV_OFFSET, fnv1a, fnvStep, mix32 } from '../providers/local/feature-hashing.js';
import { tokenize } from '../providers/local/text-analysis.js';

/** Words per shingle: long enough that natural text rarely repeats one (SQuAD and HotpotQA paragraphs keep ≥ 95% distinct). */
export const SHINGLE_WORDS = 8;

/**
 * Share of a text's word 8-grams ("shingles", over lower-cased tokens, stopwords included) that
 * are distinct, in (0, 1]; 1 for a text with fewer than 8 words. A paragraph pasted n times
 * scores about 1/n wherever the copies are, which deflate cannot see once they are more than its
 * 32 KB window apart. Shingles are compared by a 32-bit hash: collisions only lower the share, by
 * about n / 2^33 for n shingles (under 0.01% for a 100 MB document).
 */
export function distinctShingleShare(text: string): number {
  const words = tokenize(text).map((word) => mix32(fnv1a(word)));
  const shingles = words.length - SHINGLE_WORDS + 1;
  if (shingles <= 0) return 1;
  const seen = new Set<number>();
  for (let start = 0; start < shingles; start++) {
    let hash = FNV_OFFSET;
    for (let i = start; i < start + SHINGLE_WORDS; i++) hash = fnvStep(fnvStep(hash, words[i] & 0xffff), words[i] >>> 16);
    seen.add(mix32(hash));
  }
  return seen.size / shingles;
}

/**
 * Deflated size over UTF-8 size: natural text stays above 30%; a text that is mostly repeats of
 * itself within 32 KB (or runs of one character, which have no words to shingle) goes far lower.
 */
export function deflateRatio(text: string): number {
  const bytes = Buffer.from(text);
  return bytes.length === 0 ? 1 : deflateRawSync(bytes).length / bytes.length;
}
