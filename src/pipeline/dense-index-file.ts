/**
 * The file beside the stage cache that holds a dense index entry's graph: `<key>-<16 hex of its
 * sha256>.hnsw`, so two processes that built one key's index never write the same file (older
 * versions wrote `<key>.hnsw`, still read and still counted as the entry's).
 */
export function denseIndexFileName(key: string, sha256: string): string {
  return `${key}-${sha256.slice(0, 16)}.hnsw`;
}

/** The entry key a dense index file belongs to, in either naming; null for any other file. */
export function denseIndexFileKey(name: string): string | null {
  const match = /^(.+?)(?:-[0-9a-f]{16})?\.hnsw$/.exec(name);
  return match ? (match[1] as string) : null;
}
