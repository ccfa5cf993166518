import { createHash } from 'node:crypto';

/**
 * Vectors grouped by exact equality: which vector stands for each group in the dense index
 * (the first of the group, in input order) and the members each one stands for.
 *
 * Why the index holds each distinct vector once: HNSW's neighbour-selection heuristic keeps a
 * candidate only when it is strictly closer to the new node than to every neighbour already
 * kept. Among copies of one vector every distance is 0, so a copy links to a single other copy
 * and, as the copies' neighbour lists overflow, the links they had to other vectors are pruned
 * as well. A thousand chunks of one repeated boilerplate paragraph then form a closed cluster
 * that holds the entry point, and every search ends inside it (dense recall 0.80 → 0.00 on the
 * demo set with one 2 MB boilerplate document added; exact search still found 94% of the gold).
 *
 * Invariants: `representatives` is ascending; `members.get(r)` is ascending, starts with `r`,
 * and the member lists partition [0, count).
 */
export interface DuplicateGroups {
  count: number;
  representatives: number[];
  members: Map<number, number[]>;
}

/**
 * Groups `vectors` by their exact float32 contents (a SHA-1 of the bytes, then an element-wise
 * comparison, so a hash collision can never merge two different vectors). Called when a dense
 * index is built and when it is loaded, so the grouping needs no storage of its own.
 */
export function groupDuplicateVectors(options: { vectors: readonly Float32Array[] }): DuplicateGroups {
  const { vectors } = options;
  const byDigest = new Map<string, number[]>();
  const members = new Map<number, number[]>();
  const representatives: number[] = [];
  vectors.forEach((vector, i) => {
    const digest = createHash('sha1')
      .update(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength))
      .digest('base64');
    const candidates = byDigest.get(digest);
    const same = candidates?.find((r) => equalVectors(vectors[r], vector));
    if (same !== undefined) {
      members.get(same)!.push(i);
      return;
    }
    if (candidates) candidates.push(i);
    else byDigest.set(digest, [i]);
    representatives.push(i);
    members.set(i, [i]);
  });
  return { count: vectors.length, representatives, members };
}

function equalVectors(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
