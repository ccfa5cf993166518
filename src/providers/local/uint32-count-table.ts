/**
 * A hash map from 32-bit keys to counts, with open addressing over typed arrays. The hashed
 * embedders look up a document frequency for every feature of every text, and a JS Map with
 * millions of number keys was most of their running time. Keys are expected to be well mixed
 * already (they are murmur-finalised hashes), so the slot is just the key's low bits.
 */
export class Uint32CountTable {
  private keys: Uint32Array;
  private counts: Uint32Array;
  private used: Uint8Array;
  private mask: number;
  private filled = 0;

  constructor(expectedSize = 1024) {
    let capacity = 16;
    while (capacity < expectedSize * 2) capacity *= 2;
    this.keys = new Uint32Array(capacity);
    this.counts = new Uint32Array(capacity);
    this.used = new Uint8Array(capacity);
    this.mask = capacity - 1;
  }

  /** Number of distinct keys stored. */
  get size(): number {
    return this.filled;
  }

  /** The count of `key`, 0 when absent. */
  get(key: number): number {
    const { keys, used, mask } = this;
    for (let slot = key & mask; used[slot] === 1; slot = (slot + 1) & mask) {
      if (keys[slot] === key) return this.counts[slot];
    }
    return 0;
  }

  /** Adds `amount` to the count of `key` (inserting it at 0 first when absent). */
  add(key: number, amount = 1): void {
    if ((this.filled + 1) * 2 > this.keys.length) this.grow();
    const { keys, used, mask } = this;
    let slot = key & mask;
    while (used[slot] === 1) {
      if (keys[slot] === key) {
        this.counts[slot] += amount;
        return;
      }
      slot = (slot + 1) & mask;
    }
    used[slot] = 1;
    keys[slot] = key >>> 0;
    this.counts[slot] = amount;
    this.filled++;
  }

  /** A new table with only the keys whose count is at least `minimum`. */
  atLeast(minimum: number): Uint32CountTable {
    let kept = 0;
    for (let slot = 0; slot < this.keys.length; slot++)
      if (this.used[slot] === 1 && this.counts[slot] >= minimum) kept++;
    const out = new Uint32CountTable(kept);
    for (let slot = 0; slot < this.keys.length; slot++) {
      if (this.used[slot] === 1 && this.counts[slot] >= minimum) out.add(this.keys[slot], this.counts[slot]);
    }
    return out;
  }

  /** Keys ascending with their counts: a canonical form, independent of insertion order. */
  sortedEntries(): { keys: Uint32Array; counts: Uint32Array } {
    const keys = new Uint32Array(this.filled);
    let i = 0;
    for (let slot = 0; slot < this.keys.length; slot++) if (this.used[slot] === 1) keys[i++] = this.keys[slot];
    keys.sort();
    return { keys, counts: Uint32Array.from(keys, (key) => this.get(key)) };
  }

  private grow(): void {
    const { keys, counts, used } = this;
    const capacity = keys.length * 2;
    this.keys = new Uint32Array(capacity);
    this.counts = new Uint32Array(capacity);
    this.used = new Uint8Array(capacity);
    this.mask = capacity - 1;
    this.filled = 0;
    for (let slot = 0; slot < keys.length; slot++) if (used[slot] === 1) this.add(keys[slot], counts[slot]);
  }
}
