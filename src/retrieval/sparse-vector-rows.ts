/** The parts of {@link SparseVectorRows}, as an embed worker sends them back. */
export interface SparseRowParts {
  dimensions: number;
  offsets: Uint32Array;
  indices: Uint16Array;
  values: Float32Array;
}

/**
 * Mostly-zero corpus vectors (the hashed embedders': ~15% of 2048 dimensions) held compactly:
 * each row's non-zero dimensions (u16) and values (float32), row i at `offsets[i]..offsets[i + 1]`.
 * At 100k chunks the dense float32 rows took 870 MB and were most of a dense trial's peak memory;
 * these take 6 bytes per non-zero (about 210 MB there).
 *
 * {@link SparseVectorRows.asVectors} gives the `Float32Array[]` the pipeline passes around: a
 * read-only array view whose element i is row i made dense on each access (a fresh copy, not
 * kept). Code that scans every row (exact search, the cache codec) asks {@link sparseRowsOf}
 * for the rows themselves instead.
 */
export class SparseVectorRows {
  private constructor(
    readonly dimensions: number,
    readonly offsets: Uint32Array,
    readonly indices: Uint16Array,
    readonly values: Float32Array,
  ) {}

  /** Rows from their parts (the cache codec's sparse layout); throws when they do not fit together. */
  static fromParts(options: SparseRowParts): SparseVectorRows {
    const { dimensions, offsets, indices, values } = options;
    if (dimensions > 65_536) throw new Error(`sparse rows hold at most 65,536 dimensions, not ${dimensions}`);
    if (offsets.length === 0 || offsets[0] !== 0) throw new Error('vector 0 does not start at non-zero 0');
    for (let i = 1; i < offsets.length; i++) {
      if (offsets[i] < offsets[i - 1] || offsets[i] > values.length)
        throw new Error(`vector ${i - 1} has a bad non-zero count`);
      for (let k = offsets[i - 1]; k < offsets[i]; k++)
        if (indices[k] >= dimensions) throw new Error(`vector ${i - 1} has dimension ${indices[k]} of ${dimensions}`);
    }
    if (offsets[offsets.length - 1] !== values.length || indices.length !== values.length)
      throw new Error('the vectors do not account for every non-zero');
    return new SparseVectorRows(dimensions, offsets, indices, values);
  }

  /** One set of rows from consecutive runs of rows (of one dimension count). */
  static concat(runs: readonly SparseRowParts[]): SparseVectorRows {
    const dimensions = runs[0]?.dimensions ?? 0;
    const count = runs.reduce((n, r) => n + r.offsets.length - 1, 0);
    const nonZeros = runs.reduce((n, r) => n + r.values.length, 0);
    const offsets = new Uint32Array(count + 1);
    const indices = new Uint16Array(nonZeros);
    const values = new Float32Array(nonZeros);
    let row = 0;
    let at = 0;
    for (const r of runs) {
      if (r.dimensions !== dimensions) throw new Error(`rows of ${r.dimensions} dimensions after ${dimensions}`);
      for (let i = 1; i < r.offsets.length; i++) offsets[row + i] = at + r.offsets[i];
      indices.set(r.indices, at);
      values.set(r.values, at);
      row += r.offsets.length - 1;
      at += r.values.length;
    }
    return SparseVectorRows.fromParts({ dimensions, offsets, indices, values });
  }

  /** Collects rows one dense vector at a time, keeping only their non-zeros. */
  static builder(dimensions: number): SparseRowsBuilder {
    return new SparseRowsBuilder(dimensions, (parts) => new SparseVectorRows(dimensions, ...parts));
  }

  get count(): number {
    return this.offsets.length - 1;
  }

  get nonZeros(): number {
    return this.values.length;
  }

  get byteLength(): number {
    return this.offsets.byteLength + this.indices.byteLength + this.values.byteLength;
  }

  /** Row i as a new dense vector. */
  row(i: number): Float32Array {
    const out = new Float32Array(this.dimensions);
    for (let k = this.offsets[i]; k < this.offsets[i + 1]; k++) out[this.indices[k]] = this.values[k];
    return out;
  }

  /** The rows as a read-only `Float32Array[]` (see the class comment); {@link sparseRowsOf} finds them again. */
  asVectors(): Float32Array[] {
    const view = new Proxy<Float32Array[]>([], {
      get: (target, property, receiver) => {
        if (property === 'length') return this.count;
        const i = rowIndex(property);
        if (i !== null) return i < this.count ? this.row(i) : undefined;
        return Reflect.get(target, property, receiver);
      },
      has: (target, property) => {
        const i = rowIndex(property);
        return i !== null ? i < this.count : Reflect.has(target, property);
      },
      set: () => {
        throw new TypeError('corpus vectors are read-only');
      },
    });
    VIEWS.set(view, this);
    return view;
  }
}

const VIEWS = new WeakMap<readonly Float32Array[], SparseVectorRows>();

/** The rows behind a view made by {@link SparseVectorRows.asVectors}; undefined for a plain array. */
export function sparseRowsOf(vectors: readonly Float32Array[]): SparseVectorRows | undefined {
  return VIEWS.get(vectors);
}

function rowIndex(property: string | symbol): number | null {
  if (typeof property !== 'string' || property.length === 0 || property.length > 10) return null;
  const code = property.charCodeAt(0);
  if (code < 48 || code > 57 || (code === 48 && property.length > 1)) return null;
  const n = Number(property);
  return Number.isInteger(n) ? n : null;
}

/** Growable parts of {@link SparseVectorRows}; `finish` trims them to size. */
export class SparseRowsBuilder {
  private offsets: number[] = [0];
  private indices = new Uint16Array(1 << 16);
  private values = new Float32Array(1 << 16);
  private size = 0;

  constructor(
    readonly dimensions: number,
    private readonly make: (parts: [Uint32Array, Uint16Array, Float32Array]) => SparseVectorRows,
  ) {}

  add(vector: Float32Array): void {
    if (vector.length !== this.dimensions)
      throw new Error(`vector ${this.offsets.length - 1} has ${vector.length} dimensions, expected ${this.dimensions}`);
    for (let d = 0; d < vector.length; d++) {
      if (vector[d] === 0) continue;
      if (this.size === this.values.length) this.grow();
      this.indices[this.size] = d;
      this.values[this.size++] = vector[d];
    }
    this.offsets.push(this.size);
  }

  /** The rows; the parts are trimmed by a copy only when over a quarter of their room is unused. */
  finish(): SparseVectorRows {
    const trim = this.size < 0.75 * this.values.length;
    const indices = trim ? this.indices.slice(0, this.size) : this.indices.subarray(0, this.size);
    const values = trim ? this.values.slice(0, this.size) : this.values.subarray(0, this.size);
    return this.make([Uint32Array.from(this.offsets), indices, values]);
  }

  // By half, not double: at 35 million non-zeros doubling left up to 200 MB of room unused.
  private grow(): void {
    const room = Math.ceil(this.values.length * 1.5);
    const indices = new Uint16Array(room);
    indices.set(this.indices);
    this.indices = indices;
    const values = new Float32Array(room);
    values.set(this.values);
    this.values = values;
  }
}
