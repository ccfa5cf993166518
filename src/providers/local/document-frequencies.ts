import type { BinaryReader, BinaryWriter } from './binary-codec.js';
import { Uint32CountTable } from './uint32-count-table.js';

/**
 * Document frequency per 32-bit feature key over a corpus, one text's keys at a time (repeats
 * count once per text), plus the number of texts and of keys with repeats. Keys seen in fewer
 * than two texts are dropped: most n-grams are hapaxes, and a missing key reads as df = 1.
 */
export function countDocumentFrequencies(documents: Iterable<Uint32Array>): {
  df: Uint32CountTable;
  documentCount: number;
  totalKeys: number;
} {
  const df = new Uint32CountTable(1 << 16);
  let documentCount = 0;
  let totalKeys = 0;
  for (const keys of documents) {
    documentCount++;
    totalKeys += keys.length;
    const sorted = Uint32Array.from(keys).sort();
    for (let i = 0; i < sorted.length; i++) {
      if (i === 0 || sorted[i] !== sorted[i - 1]) df.add(sorted[i]);
    }
  }
  return { df: df.atLeast(2), documentCount, totalKeys };
}

/** Writes a frequency table as two arrays, keys ascending (equal tables, equal bytes). */
export function writeFrequencies(writer: BinaryWriter, df: Uint32CountTable): BinaryWriter {
  const { keys, counts } = df.sortedEntries();
  return writer.array(keys).array(counts);
}

/** Reads what {@link writeFrequencies} wrote. */
export function readFrequencies(reader: BinaryReader): Uint32CountTable {
  const keys = reader.uint32Array();
  const counts = reader.uint32Array();
  const df = new Uint32CountTable(keys.length);
  for (let i = 0; i < keys.length; i++) df.add(keys[i], counts[i]);
  return df;
}
